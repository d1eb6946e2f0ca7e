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

  /** {@code a + b}, broadcasting. */
  public static Primitive add() {
    return new Add();
  }

  /** {@code a - b}, broadcasting. */
  public static Primitive sub() {
    return new Sub();
  }

  /** {@code a * b} elementwise, broadcasting. */
  public static Primitive mul() {
    return new Mul();
  }

  /** {@code a / b} elementwise, broadcasting. */
  public static Primitive div() {
    return new Div();
  }

  /** {@code -x}. */
  public static Primitive neg() {
    return new Neg();
  }

  /** {@code x + c}. */
  public static Primitive addScalar(float c) {
    return new AddScalar(c);
  }

  /** {@code c * x}. */
  public static Primitive mulScalar(float c) {
    return new MulScalar(c);
  }

  /** Matrix product of {@code a: [..., k]} and {@code b: [k, n]}. */
  public static Primitive matmul() {
    return new MatMul();
  }

  /** Transpose of a matrix. */
  public static Primitive transpose() {
    return new Transpose();
  }

  /** The same values in shape {@code target}. */
  public static Primitive reshape(Shape target) {
    return new Reshape(target);
  }

  /** {@code x[..., j] + bias[j]}. */
  public static Primitive biasAdd() {
    return new BiasAdd();
  }

  /** Sum (or, with {@code mean}, mean) along {@code axis}, removing it. */
  public static Primitive sum(int axis, boolean mean) {
    return new Sum(axis, mean);
  }

  /** Sum (or, with {@code mean}, mean) of all elements, a scalar. */
  public static Primitive sumAll(boolean mean) {
    return new SumAll(mean);
  }

  /** {@code e^x}. */
  public static Primitive exp() {
    return new Exp();
  }

  /** Natural logarithm. */
  public static Primitive log() {
    return new Log();
  }

  /** Hyperbolic tangent. */
  public static Primitive tanh() {
    return new Tanh();
  }

  /** {@code max(x, 0)}. */
  public static Primitive relu() {
    return new Relu();
  }

  /** {@code 1 / (1 + e^-x)}. */
  public static Primitive sigmoid() {
    return new Sigmoid();
  }

  /** {@code x^2}. */
  public static Primitive square() {
    return new Square();
  }

  /** Square root. */
  public static Primitive sqrt() {
    return new Sqrt();
  }

  /** Maximum along {@code axis}, removing it. */
  public static Primitive max(int axis) {
    return new Max(axis);
  }

  /** Stable {@code log(sum(exp(x)))} along {@code axis}, removing it. */
  public static Primitive logSumExp(int axis) {
    return new LogSumExp(axis);
  }

  /** Softmax along {@code axis}. */
  public static Primitive softmax(int axis) {
    return new Softmax(axis);
  }

  /** Per-example softmax cross-entropy of logits {@code [N, C]} with {@code labels} (not modified). */
  public static Primitive softmaxCrossEntropy(int[] labels) {
    return new SoftmaxCrossEntropy(labels);
  }

  /**
   * 2-D convolution of {@code x: [B, C, H, W]} with {@code w: [O, C, kh, kw]} and, as a third
   * input, an optional bias {@code [O]}; zero padding and stride per axis (see {@code Ops.conv2d}).
   */
  public static Primitive conv2d(int strideH, int strideW, int padH, int padW) {
    return new Convolution(strideH, strideW, padH, padW);
  }

  /** Maximum over {@code kernel x kernel} windows of {@code [B, C, H, W]}, {@code stride} apart. */
  public static Primitive maxPool2d(int kernel, int stride) {
    return new Pool2d.Max(kernel, stride);
  }

  /** Mean over {@code kernel x kernel} windows of {@code [B, C, H, W]}, {@code stride} apart. */
  public static Primitive avgPool2d(int kernel, int stride) {
    return new Pool2d.Average(kernel, stride);
  }

  /** Mean over the spatial axes, {@code [B, C, H, W] -> [B, C]}. */
  public static Primitive globalAvgPool() {
    return new GlobalAvgPool();
  }
}
