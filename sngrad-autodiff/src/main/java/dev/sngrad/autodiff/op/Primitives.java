package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Shape;

/**
 * The built-in primitives, one factory each; {@link dev.sngrad.autodiff.Ops} applies them to
 * traced values, and their classes are private to this package. A user's own op extends one of the
 * public bases ({@link Elementwise}, {@link BroadcastingBinary}, {@link AxisReduction}) or
 * implements {@link Primitive}.
 */
public final class Primitives {
  private Primitives() {}

  /**
   * {@code a + b}, broadcasting.
   *
   * @return the op of two inputs; the output has their broadcast shape
   */
  public static Primitive add() {
    return new Add();
  }

  /**
   * {@code a - b}, broadcasting.
   *
   * @return the op of two inputs; the output has their broadcast shape
   */
  public static Primitive sub() {
    return new Sub();
  }

  /**
   * {@code a * b} elementwise, broadcasting.
   *
   * @return the op of two inputs; the output has their broadcast shape
   */
  public static Primitive mul() {
    return new Mul();
  }

  /**
   * {@code a / b} elementwise, broadcasting.
   *
   * @return the op of two inputs; the output has their broadcast shape
   */
  public static Primitive div() {
    return new Div();
  }

  /**
   * {@code -x}.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive neg() {
    return new Neg();
  }

  /**
   * {@code x + c}.
   *
   * @param c the constant added to every element
   * @return the op of one input; the output has its shape
   */
  public static Primitive addScalar(float c) {
    return new AddScalar(c);
  }

  /**
   * {@code c * x}.
   *
   * @param c the constant every element is multiplied by
   * @return the op of one input; the output has its shape
   */
  public static Primitive mulScalar(float c) {
    return new MulScalar(c);
  }

  /**
   * Matrix product of {@code a: [..., k]} and {@code b: [k, n]}.
   *
   * @return the op of two inputs; the output is {@code [..., n]}
   */
  public static Primitive matmul() {
    return new MatMul();
  }

  /**
   * Transpose of a matrix.
   *
   * @return the op of one {@code [m, n]} input; the output is {@code [n, m]}
   */
  public static Primitive transpose() {
    return new Transpose();
  }

  /**
   * The same values in shape {@code target}.
   *
   * @param target the output shape, with as many elements as the input
   * @return the op of one input; its shape is checked against {@code target} when applied
   */
  public static Primitive reshape(Shape target) {
    return new Reshape(target);
  }

  /**
   * {@code x[..., j] + bias[j]}.
   *
   * @return the op of {@code x: [..., n]} and {@code bias: [n]}; the output has the shape of {@code x}
   */
  public static Primitive biasAdd() {
    return new BiasAdd();
  }

  /**
   * Sum (or, with {@code mean}, mean) along {@code axis}, removing it.
   *
   * @param axis the axis to reduce, in {@code [-rank, rank)} of the input
   * @param mean true to divide the sum by the size of the axis
   * @return the op of one input; the output lacks {@code axis}
   */
  public static Primitive sum(int axis, boolean mean) {
    return new Sum(axis, mean);
  }

  /**
   * Sum (or, with {@code mean}, mean) of all elements, a scalar.
   *
   * @param mean true to divide the sum by the number of elements
   * @return the op of one input; the output has shape {@code []}
   */
  public static Primitive sumAll(boolean mean) {
    return new SumAll(mean);
  }

  /**
   * {@code e^x}.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive exp() {
    return new Exp();
  }

  /**
   * Natural logarithm.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive log() {
    return new Log();
  }

  /**
   * Hyperbolic tangent.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive tanh() {
    return new Tanh();
  }

  /**
   * {@code max(x, 0)}.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive relu() {
    return new Relu();
  }

  /**
   * {@code 1 / (1 + e^-x)}.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive sigmoid() {
    return new Sigmoid();
  }

  /**
   * {@code x^2}.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive square() {
    return new Square();
  }

  /**
   * Square root.
   *
   * @return the op of one input; the output has its shape
   */
  public static Primitive sqrt() {
    return new Sqrt();
  }

  /**
   * Maximum along {@code axis}, removing it.
   *
   * @param axis the axis to reduce, in {@code [-rank, rank)} of the input
   * @return the op of one input; the output lacks {@code axis}
   */
  public static Primitive max(int axis) {
    return new Max(axis);
  }

  /**
   * Stable {@code log(sum(exp(x)))} along {@code axis}, removing it.
   *
   * @param axis the axis to reduce, in {@code [-rank, rank)} of the input
   * @return the op of one input; the output lacks {@code axis}
   */
  public static Primitive logSumExp(int axis) {
    return new LogSumExp(axis);
  }

  /**
   * Softmax along {@code axis}.
   *
   * @param axis the axis along which the outputs sum to 1, in {@code [-rank, rank)} of the input
   * @return the op of one input; the output has its shape
   */
  public static Primitive softmax(int axis) {
    return new Softmax(axis);
  }

  /**
   * Per-example softmax cross-entropy of logits {@code [N, C]} with {@code labels} (not modified).
   *
   * @param labels the class index of each row of the logits, each in {@code [0, C)} (copied)
   * @return the op of one {@code [N, C]} input of logits; the output is the {@code [N]} losses
   */
  public static Primitive softmaxCrossEntropy(int[] labels) {
    return new SoftmaxCrossEntropy(labels);
  }

  /**
   * Layer normalization over the trailing axes given by {@code gamma}'s shape, as {@code
   * torch.nn.LayerNorm}: inputs {@code (x, gamma, beta)}; {@code eps} is added to the variance.
   *
   * @param eps added to the variance; finite and {@code >= 0}
   * @return the primitive
   * @throws IllegalArgumentException if {@code eps} is negative or not finite
   */
  public static Primitive layerNorm(double eps) {
    return new LayerNorm(eps);
  }

  /**
   * Group normalization of {@code x: [B, C, ...]} in {@code groups} groups of channels, as {@code
   * torch.nn.GroupNorm}: inputs {@code (x, gamma, beta)} with per-channel {@code [C]} affine
   * parameters; {@code eps} is added to the variance.
   *
   * @param groups the number of groups of channels; positive
   * @param eps added to the variance; finite and {@code >= 0}
   * @return the primitive
   * @throws IllegalArgumentException if {@code groups} is not positive or {@code eps} is negative
   *     or not finite
   */
  public static Primitive groupNorm(int groups, double eps) {
    return new GroupNorm(groups, eps);
  }

  /**
   * 2-D convolution of {@code x: [B, C, H, W]} with {@code w: [O, C, kh, kw]} and, as a third
   * input, an optional bias {@code [O]}; zero padding and stride per axis (see {@code Ops.conv2d}).
   * The stride and padding are checked with the shapes, when the primitive is applied.
   *
   * @param strideH the step between windows along the height
   * @param strideW the step between windows along the width
   * @param padH the zero rows added above and below
   * @param padW the zero columns added left and right
   * @return the primitive
   */
  public static Primitive conv2d(int strideH, int strideW, int padH, int padW) {
    return new Convolution(strideH, strideW, padH, padW);
  }

  /**
   * Maximum over {@code kernel x kernel} windows of {@code [B, C, H, W]}, {@code stride} apart.
   *
   * @param kernel the window's side; positive
   * @param stride the step between windows; positive
   * @return the primitive
   * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive
   */
  public static Primitive maxPool2d(int kernel, int stride) {
    return new Pool2d.Max(kernel, stride);
  }

  /**
   * Mean over {@code kernel x kernel} windows of {@code [B, C, H, W]}, {@code stride} apart.
   *
   * @param kernel the window's side; positive
   * @param stride the step between windows; positive
   * @return the primitive
   * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive
   */
  public static Primitive avgPool2d(int kernel, int stride) {
    return new Pool2d.Average(kernel, stride);
  }

  /**
   * Mean over the spatial axes, {@code [B, C, H, W] -> [B, C]}.
   *
   * @return the primitive
   */
  public static Primitive globalAvgPool() {
    return new GlobalAvgPool();
  }
}
