package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The loops that hot ops run instead of the generic ones give the generic definitions' bits: ReLU's
 * (vector where the JVM has it) against its per-element {@code apply}/{@code derivative}, and the
 * leading-axis sum of a bias gradient against the double sum row by row.
 */
class FastLoopsTest {
  /** Zeros, NaN, infinities, the extremes and subnormals; shared with {@link VectorReluTest}. */
  static final float[] SPECIAL = {
    0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
    Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, -1e-40f
  };

  /** {@code n} standard normal values, a quarter of them replaced by {@link #SPECIAL} ones. */
  private static float[] gaussianWithSpecials(int n, SplittableRandom rng) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
    }
    return values;
  }

  @Test
  void reluLoopsEqualItsElementDefinitionBitForBit() {
    SplittableRandom rng = new SplittableRandom(21);
    Relu relu = new Relu();
    for (int n = 0; n <= 70; n++) {
      float[] x = gaussianWithSpecials(n, rng);
      float[] c = gaussianWithSpecials(n, rng);
      Tensor in = Tensor.of(Shape.of(n), x);
      Tensor y = relu.forward(List.of(in), ExecutionContext.defaults());
      Tensor g = relu.vjp(0, Tensor.of(Shape.of(n), c), List.of(in), y, ExecutionContext.defaults());
      for (int i = 0; i < n; i++) {
        float expectedY = relu.apply(x[i]);
        float expectedG = c[i] * relu.derivative(x[i], expectedY);
        assertThat(Float.floatToRawIntBits(y.getFlat(i))).as("relu(%s), n %s", x[i], n)
            .isEqualTo(Float.floatToRawIntBits(expectedY));
        if (relu.derivative(x[i], expectedY) == 0f) {
          expectedG = 0f; // the cotangent is dropped, not multiplied: 0 * inf would be NaN
        }
        assertThat(Float.floatToRawIntBits(g.getFlat(i))).as("relu'(%s) * %s, n %s", x[i], c[i], n)
            .isEqualTo(Float.floatToRawIntBits(expectedG));
      }
    }
  }

  @Test
  void biasGradientSumIsTheDoubleSumOverRowsInOrder() {
    SplittableRandom rng = new SplittableRandom(22);
    int rows = 37;
    int cols = 13;
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-6, 7)));
    }
    Tensor t = Tensor.of(Shape.of(rows, cols), x);
    for (Shape target : new Shape[] {Shape.of(cols), Shape.of(1, cols)}) {
      Tensor sum = Broadcast.sumTo(t, target);
      assertThat(sum.shape()).isEqualTo(target);
      for (int j = 0; j < cols; j++) {
        double acc = 0;
        for (int i = 0; i < rows; i++) {
          acc += x[i * cols + j];
        }
        assertThat(sum.getFlat(j)).as("column %s", j).isEqualTo((float) acc);
      }
    }
  }
}
