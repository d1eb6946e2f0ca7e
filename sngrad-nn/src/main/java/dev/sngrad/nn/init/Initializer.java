package dev.sngrad.nn.init;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Draws a weight matrix {@code [fanIn, fanOut]} (inputs times weight, as {@code x W}) from {@code
 * rng}, which is advanced; the same generator state always gives the same tensor.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * Draws a weight matrix.
   *
   * @param fanIn the number of inputs, rows of the matrix
   * @param fanOut the number of outputs, columns of the matrix
   * @param rng the generator, advanced by the draw
   * @return a {@code [fanIn, fanOut]} tensor
   */
  Tensor weight(int fanIn, int fanOut, SplittableRandom rng);

  /**
   * He et al. (2015): a plain (not truncated) normal with mean 0 and variance {@code 2 / fanIn},
   * as in the original study's {@code sqrt(2/fan_in) * normal(...)}. Suited to ReLU layers.
   *
   * @return an initializer drawing {@code [fanIn, fanOut]} float32 values in row-major order
   */
  static Initializer heNormal() {
    return (fanIn, fanOut, rng) -> Tensor.normal(Shape.of(fanIn, fanOut), (float) Math.sqrt(2.0 / fanIn), rng);
  }

  /**
   * Glorot and Bengio (2010): uniform in {@code [-l, l)} with {@code l = sqrt(6 / (fanIn +
   * fanOut))}, so the variance is {@code 2 / (fanIn + fanOut)}. Suited to tanh layers.
   *
   * @return an initializer drawing {@code [fanIn, fanOut]} float32 values in row-major order
   */
  static Initializer glorotUniform() {
    return (fanIn, fanOut, rng) -> {
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      return Tensor.uniform(Shape.of(fanIn, fanOut), -limit, limit, rng);
    };
  }
}
