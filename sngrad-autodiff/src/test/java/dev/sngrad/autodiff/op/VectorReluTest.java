package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link VectorRelu} against its scalar reference in {@link Relu}, bit for bit, special values included. */
class VectorReluTest {
  @Test
  void forwardAndVjpGiveTheScalarReferenceBits() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int n = 0; n <= 70; n++) {
      float[] x = values(rng, n);
      float[] c = values(rng, n);
      float[] expectedY = new float[n];
      float[] expectedG = new float[n];
      Relu.forward(x, expectedY, 0);
      Relu.vjp(x, c, expectedG, 0);
      float[] y = new float[n];
      float[] g = new float[n];
      int forwardEnd = VectorRelu.forward(x, y);
      int vjpEnd = VectorRelu.vjp(x, c, g);
      assertThat(forwardEnd).isEqualTo(vjpEnd).isBetween(n - 7, n).isNotNegative();
      Relu.forward(x, y, forwardEnd);
      Relu.vjp(x, c, g, vjpEnd);
      for (int i = 0; i < n; i++) {
        assertThat(Float.floatToRawIntBits(y[i])).as("relu(%s), n %s", x[i], n)
            .isEqualTo(Float.floatToRawIntBits(expectedY[i]));
        assertThat(Float.floatToRawIntBits(g[i])).as("relu'(%s) * %s, n %s", x[i], c[i], n)
            .isEqualTo(Float.floatToRawIntBits(expectedG[i]));
      }
    }
  }

  private static float[] values(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextInt(4) == 0 ? FastLoopsTest.SPECIAL[rng.nextInt(FastLoopsTest.SPECIAL.length)] : (float) rng.nextGaussian();
    }
    return a;
  }
}
