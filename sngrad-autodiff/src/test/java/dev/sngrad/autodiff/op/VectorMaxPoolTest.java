package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Max pooling's 2 x 2, stride 2 rows on the Vector API ({@link VectorMaxPool}) against the scalar
 * scan, bit for bit, forward and VJP, on every JVM with the Vector API module (whichever form
 * {@code CpuFeatures.vectorShuffles()} picks for training): rows of 8 to 20 windows and more, odd
 * sizes (a last row and column no window covers), ties, signed zeros, NaN and infinities.
 */
class VectorMaxPoolTest {
  /** ReLU-like: a third zeros (some -0), ties of small integers, and the special values. */
  private static float value(SplittableRandom rng) {
    return switch (rng.nextInt(6)) {
      case 0, 1 -> 0f;
      case 2 -> rng.nextInt(3);
      case 3 -> FastLoopsTest.SPECIAL[rng.nextInt(FastLoopsTest.SPECIAL.length)];
      default -> (float) rng.nextGaussian();
    };
  }

  private static Tensor random(Shape shape, SplittableRandom rng) {
    float[] values = new float[shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(rng);
    }
    return Tensor.of(shape, values);
  }

  @Test
  void vectorRowsGiveTheScalarScansBits() {
    SplittableRandom rng = new SplittableRandom(31);
    Pool2d vector = new Pool2d.Max(2, 2, true);
    Pool2d scalar = new Pool2d.Max(2, 2, false);
    // NaN-filled arrays expose an element the vector rows forget to write
    ExecutionContext ctx = ExecutionContext.threads(2).withBuffers(BufferSource.filledWith(Float.NaN));
    for (int[] hw : new int[][] {{2, 16}, {5, 17}, {4, 32}, {3, 33}, {6, 40}, {2, 14}, {7, 55}}) {
      Shape xs = Shape.of(3, 5, hw[0], hw[1]);
      Tensor x = random(xs, rng);
      Tensor y = vector.forward(List.of(x), ctx);
      Tensor expectedY = scalar.forward(List.of(x), ExecutionContext.defaults());
      assertSameBits(y, expectedY, "forward " + xs);
      Tensor ct = random(y.shape(), rng);
      assertSameBits(vector.vjp(0, ct, List.of(x), y, ctx), scalar.vjp(0, ct, List.of(x), y, ExecutionContext.defaults()),
          "vjp " + xs);
    }
  }

  @Test
  void onlyTwoByTwoWindowsWithStrideTwoTakeTheVectorRows() {
    float[] x = new float[64];
    float[] y = new float[32];
    assertThat(new Pool2d.Max(2, 2, true).forwardRow(x, 0, 32, y, 0, 16)).isEqualTo(16);
    assertThat(new Pool2d.Max(3, 2, true).forwardRow(x, 0, 32, y, 0, 15)).isZero();
    assertThat(new Pool2d.Max(2, 1, true).forwardRow(x, 0, 32, y, 0, 31)).isZero();
    assertThat(new Pool2d.Max(2, 2, false).forwardRow(x, 0, 32, y, 0, 16)).isZero();
  }

  private static void assertSameBits(Tensor actual, Tensor expected, String what) {
    assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
    for (int i = 0; i < actual.size(); i++) {
      assertThat(Float.floatToRawIntBits(actual.getFlat(i))).as("%s element %s: %s against %s", what, i,
          actual.getFlat(i), expected.getFlat(i)).isEqualTo(Float.floatToRawIntBits(expected.getFlat(i)));
    }
  }
}
