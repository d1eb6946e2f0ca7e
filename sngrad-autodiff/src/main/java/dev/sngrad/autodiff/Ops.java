package dev.sngrad.autodiff;

import dev.sngrad.autodiff.op.Primitive;
import dev.sngrad.autodiff.op.Primitives;
import dev.sngrad.autodiff.tensor.Shape;

/**
 * The differentiable operations, one static factory per op. Each applies a {@link
 * Primitive} (see {@link Primitives}) to {@link Var}s; inside {@link Grad} or {@link PerExample} the
 * application is recorded for the backward pass. Binary arithmetic broadcasts as NumPy does. Axis
 * arguments may be negative (counting from the end).
 */
public final class Ops {
  private Ops() {}

  /** Applies any primitive, for ops defined outside this class. */
  public static Var apply(Primitive op, Var... inputs) {
    return Tape.apply(op, inputs);
  }

  /** {@code a + b}, broadcasting. */
  public static Var add(Var a, Var b) {
    return Tape.apply(Primitives.add(), a, b);
  }

  /** {@code a - b}, broadcasting. */
  public static Var sub(Var a, Var b) {
    return Tape.apply(Primitives.sub(), a, b);
  }

  /** {@code a * b} elementwise, broadcasting. */
  public static Var mul(Var a, Var b) {
    return Tape.apply(Primitives.mul(), a, b);
  }

  /** {@code a / b} elementwise, broadcasting. */
  public static Var div(Var a, Var b) {
    return Tape.apply(Primitives.div(), a, b);
  }

  /** {@code -x}. */
  public static Var neg(Var x) {
    return Tape.apply(Primitives.neg(), x);
  }

  /** {@code x + c}. */
  public static Var addScalar(Var x, float c) {
    return Tape.apply(Primitives.addScalar(c), x);
  }

  /** {@code c * x}. */
  public static Var mulScalar(Var x, float c) {
    return Tape.apply(Primitives.mulScalar(c), x);
  }

  /** Matrix product of {@code a: [..., k]} and {@code b: [k, n]}, giving {@code [..., n]}. */
  public static Var matmul(Var a, Var b) {
    return Tape.apply(Primitives.matmul(), a, b);
  }

  /** Transpose of a matrix. */
  public static Var transpose(Var x) {
    return Tape.apply(Primitives.transpose(), x);
  }

  /** The same values in another shape of equal size. */
  public static Var reshape(Var x, int... dims) {
    return Tape.apply(Primitives.reshape(Shape.of(dims)), x);
  }

  /** {@code x[..., j] + bias[j]} for a bias vector matching the last axis. */
  public static Var biasAdd(Var x, Var bias) {
    return Tape.apply(Primitives.biasAdd(), x, bias);
  }

  /** Sum along {@code axis}, removing it. */
  public static Var sum(Var x, int axis) {
    return Tape.apply(Primitives.sum(axis, false), x);
  }

  /** Sum of all elements, a scalar. */
  public static Var sum(Var x) {
    return Tape.apply(Primitives.sumAll(false), x);
  }

  /** Mean along {@code axis}, removing it. */
  public static Var mean(Var x, int axis) {
    return Tape.apply(Primitives.sum(axis, true), x);
  }

  /** Mean of all elements, a scalar. */
  public static Var mean(Var x) {
    return Tape.apply(Primitives.sumAll(true), x);
  }

  /** {@code e^x}. */
  public static Var exp(Var x) {
    return Tape.apply(Primitives.exp(), x);
  }

  /** Natural logarithm. */
  public static Var log(Var x) {
    return Tape.apply(Primitives.log(), x);
  }

  /** Hyperbolic tangent. */
  public static Var tanh(Var x) {
    return Tape.apply(Primitives.tanh(), x);
  }

  /** {@code max(x, 0)}. */
  public static Var relu(Var x) {
    return Tape.apply(Primitives.relu(), x);
  }

  /** {@code 1 / (1 + e^-x)}. */
  public static Var sigmoid(Var x) {
    return Tape.apply(Primitives.sigmoid(), x);
  }

  /** {@code x^2}. */
  public static Var square(Var x) {
    return Tape.apply(Primitives.square(), x);
  }

  /** Square root. */
  public static Var sqrt(Var x) {
    return Tape.apply(Primitives.sqrt(), x);
  }

  /** Maximum along {@code axis}, removing it. */
  public static Var max(Var x, int axis) {
    return Tape.apply(Primitives.max(axis), x);
  }

  /** Stable {@code log(sum(exp(x)))} along {@code axis}, removing it. */
  public static Var logSumExp(Var x, int axis) {
    return Tape.apply(Primitives.logSumExp(axis), x);
  }

  /** Softmax along {@code axis}. */
  public static Var softmax(Var x, int axis) {
    return Tape.apply(Primitives.softmax(axis), x);
  }

  /**
   * Per-example softmax cross-entropy of logits {@code [N, C]} with integer labels in {@code [0,
   * C)}: a vector {@code [N]} of {@code logsumexp(z_i) - z_i[label_i]}.
   */
  public static Var softmaxCrossEntropy(Var logits, int[] labels) {
    return Tape.apply(Primitives.softmaxCrossEntropy(labels), logits);
  }

  /** The mean over examples of {@link #softmaxCrossEntropy}, a scalar. */
  public static Var meanSoftmaxCrossEntropy(Var logits, int[] labels) {
    return mean(softmaxCrossEntropy(logits, labels));
  }

  /**
   * 2-D convolution in PyTorch's NCHW layout (cross-correlation, as {@code torch.nn.functional.conv2d}):
   * {@code x: [B, C, H, W]} and {@code weight: [O, C, kh, kw]} give {@code [B, O, outH, outW]} with
   * {@code y[n, o, oh, ow] = bias[o] + sum_{c, i, j} weight[o, c, i, j] x[n, c, oh*stride - padding
   * + i, ow*stride - padding + j]}, zeros outside the image, and {@code outH = (H + 2 padding - kh) /
   * stride + 1} (likewise {@code outW}). Runs as matrix products on the context's kernel.
   *
   * @param bias {@code [O]}, or null for none
   */
  public static Var conv2d(Var x, Var weight, Var bias, int stride, int padding) {
    return conv2d(x, weight, bias, stride, stride, padding, padding);
  }

  /** {@link #conv2d(Var, Var, Var, int, int)} with stride and zero padding given per axis (height, width). */
  public static Var conv2d(Var x, Var weight, Var bias, int strideH, int strideW, int padH, int padW) {
    var op = Primitives.conv2d(strideH, strideW, padH, padW);
    return bias == null ? Tape.apply(op, x, weight) : Tape.apply(op, x, weight, bias);
  }

  /**
   * Maximum over {@code kernel x kernel} windows of {@code x: [B, C, H, W]}, {@code stride} apart,
   * without padding: {@code [B, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1]}. The
   * gradient of a window goes to its first maximum in scan order (row by row, left to right).
   */
  public static Var maxPool2d(Var x, int kernel, int stride) {
    return Tape.apply(Primitives.maxPool2d(kernel, stride), x);
  }

  /** Mean over {@code kernel x kernel} windows of {@code x: [B, C, H, W]}, shaped as {@link #maxPool2d}. */
  public static Var avgPool2d(Var x, int kernel, int stride) {
    return Tape.apply(Primitives.avgPool2d(kernel, stride), x);
  }

  /** Mean over the spatial axes of {@code x: [B, C, H, W]}, giving {@code [B, C]}. */
  public static Var globalAvgPool(Var x) {
    return Tape.apply(Primitives.globalAvgPool(), x);
  }
}
