package dev.sngrad.autodiff.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link VectorFiniteScan} against its scalar reference in {@link FiniteScan}, on random ranges. */
class VectorFiniteScanTest {
  private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
  private static final float[] EDGE = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 0f};

  @Test
  void givesTheScalarReferenceAnswer() {
    SplittableRandom rng = new SplittableRandom(13);
    int finite = 0;
    int notFinite = 0;
    for (int trial = 0; trial < 5000; trial++) {
      int n = rng.nextInt(80);
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = rng.nextInt(5) == 0 ? EDGE[rng.nextInt(EDGE.length)] : (float) rng.nextGaussian();
      }
      for (int bad = rng.nextInt(3); bad > 0 && n > 0; bad--) {
        a[rng.nextInt(n)] = BAD[rng.nextInt(BAD.length)];
      }
      int from = rng.nextInt(n + 1);
      int to = from + rng.nextInt(n - from + 1);
      boolean expected = FiniteScan.scalarAllFinite(a, from, to);
      assertThat(VectorFiniteScan.allFinite(a, from, to)).as("trial %s: [%s, %s) of %s", trial, from, to, n)
          .isEqualTo(expected);
      if (expected) {
        finite++;
      } else {
        notFinite++;
      }
    }
    assertThat(finite).isGreaterThan(500);
    assertThat(notFinite).isGreaterThan(500);
  }
}
