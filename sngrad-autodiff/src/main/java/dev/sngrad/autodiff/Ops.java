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

  /**
   * Applies any primitive, for ops defined outside this class.
   *
   * @param op the primitive to apply
   * @param inputs its inputs, in the primitive's order
   * @return the output, recorded on the inputs' tape when one of them is traced
   * @throws IllegalArgumentException if the primitive rejects the inputs' shapes, or the inputs
   *     come from different {@link Grad} or {@link PerExample} calls
   */
  public static Var apply(Primitive op, Var... inputs) {
    return Tape.apply(op, inputs);
  }

  /**
   * {@code a + b}, broadcasting.
   *
   * @param a the first operand
   * @param b the second operand
   * @return the sum, of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast (or an unmapped operand
   *     reaches the example axis)
   */
  public static Var add(Var a, Var b) {
    return Tape.apply(Primitives.add(), a, b);
  }

  /**
   * {@code a - b}, broadcasting.
   *
   * @param a the first operand
   * @param b the operand subtracted
   * @return the difference, of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast (or an unmapped operand
   *     reaches the example axis)
   */
  public static Var sub(Var a, Var b) {
    return Tape.apply(Primitives.sub(), a, b);
  }

  /**
   * {@code a * b} elementwise, broadcasting.
   *
   * @param a the first operand
   * @param b the second operand
   * @return the product, of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast (or an unmapped operand
   *     reaches the example axis)
   */
  public static Var mul(Var a, Var b) {
    return Tape.apply(Primitives.mul(), a, b);
  }

  /**
   * {@code a / b} elementwise, broadcasting.
   *
   * @param a the dividend
   * @param b the divisor
   * @return the quotient, of the broadcast shape (IEEE float division)
   * @throws IllegalArgumentException if the shapes do not broadcast (or an unmapped operand
   *     reaches the example axis)
   */
  public static Var div(Var a, Var b) {
    return Tape.apply(Primitives.div(), a, b);
  }

  /**
   * {@code -x}.
   *
   * @param x the input, any shape
   * @return the negation, of {@code x}'s shape
   */
  public static Var neg(Var x) {
    return Tape.apply(Primitives.neg(), x);
  }

  /**
   * {@code x + c}.
   *
   * @param x the input, any shape
   * @param c the constant added to every element
   * @return the sum, of {@code x}'s shape
   */
  public static Var addScalar(Var x, float c) {
    return Tape.apply(Primitives.addScalar(c), x);
  }

  /**
   * {@code c * x}.
   *
   * @param x the input, any shape
   * @param c the constant every element is multiplied by
   * @return the product, of {@code x}'s shape
   */
  public static Var mulScalar(Var x, float c) {
    return Tape.apply(Primitives.mulScalar(c), x);
  }

  /**
   * Matrix product of {@code a: [..., k]} and {@code b: [k, n]}, giving {@code [..., n]}.
   *
   * @param a the left operand {@code [..., k]}, e.g. a batch of inputs
   * @param b the right operand {@code [k, n]}, e.g. a weight matrix; not per example
   * @return the product {@code [..., n]}
   * @throws IllegalArgumentException if {@code b} is not a matrix or is per example, or the inner
   *     dimensions differ
   */
  public static Var matmul(Var a, Var b) {
    return Tape.apply(Primitives.matmul(), a, b);
  }

  /**
   * Transpose of a matrix.
   *
   * @param x a matrix {@code [m, n]}, not per example
   * @return the transpose {@code [n, m]}
   * @throws IllegalArgumentException if {@code x} is not a matrix or is per example
   */
  public static Var transpose(Var x) {
    return Tape.apply(Primitives.transpose(), x);
  }

  /**
   * The same values in another shape of equal size.
   *
   * @param x the input
   * @param dims the new dimensions, whose product is {@code x}'s size
   * @return the same values in row-major order with shape {@code dims}
   * @throws IllegalArgumentException if the sizes differ or a dimension is negative
   */
  public static Var reshape(Var x, int... dims) {
    return Tape.apply(Primitives.reshape(Shape.of(dims)), x);
  }

  /**
   * {@code x[..., j] + bias[j]} for a bias vector matching the last axis.
   *
   * @param x the input {@code [..., n]}
   * @param bias the bias {@code [n]}, not per example
   * @return the sum, of {@code x}'s shape
   * @throws IllegalArgumentException if {@code bias} is not a vector of the size of {@code x}'s
   *     last axis
   */
  public static Var biasAdd(Var x, Var bias) {
    return Tape.apply(Primitives.biasAdd(), x, bias);
  }

  /**
   * Sum along {@code axis}, removing it.
   *
   * @param x the input
   * @param axis the axis to sum over, in {@code [-rank, rank)}
   * @return the sums, of {@code x}'s shape without {@code axis}
   * @throws IllegalArgumentException if {@code axis} is out of range, or it is the example axis of
   *     a per-example value
   */
  public static Var sum(Var x, int axis) {
    return Tape.apply(Primitives.sum(axis, false), x);
  }

  /**
   * Sum of all elements, a scalar.
   *
   * @param x the input, not per example
   * @return the sum, of shape {@code []}
   * @throws IllegalArgumentException if {@code x} is per example (its sum would mix examples)
   */
  public static Var sum(Var x) {
    return Tape.apply(Primitives.sumAll(false), x);
  }

  /**
   * Mean along {@code axis}, removing it.
   *
   * @param x the input
   * @param axis the axis to average over, in {@code [-rank, rank)}
   * @return the means, of {@code x}'s shape without {@code axis}
   * @throws IllegalArgumentException if {@code axis} is out of range, or it is the example axis of
   *     a per-example value
   */
  public static Var mean(Var x, int axis) {
    return Tape.apply(Primitives.sum(axis, true), x);
  }

  /**
   * Mean of all elements, a scalar.
   *
   * @param x the input, not per example
   * @return the mean, of shape {@code []}
   * @throws IllegalArgumentException if {@code x} is per example (its mean would mix examples)
   */
  public static Var mean(Var x) {
    return Tape.apply(Primitives.sumAll(true), x);
  }

  /**
   * {@code e^x}.
   *
   * @param x the input, any shape
   * @return the exponentials, of {@code x}'s shape
   */
  public static Var exp(Var x) {
    return Tape.apply(Primitives.exp(), x);
  }

  /**
   * Natural logarithm.
   *
   * @param x the input, any shape
   * @return the logarithms, of {@code x}'s shape (NaN below 0, {@code -inf} at 0)
   */
  public static Var log(Var x) {
    return Tape.apply(Primitives.log(), x);
  }

  /**
   * Hyperbolic tangent.
   *
   * @param x the input, any shape
   * @return the values in {@code [-1, 1]}, of {@code x}'s shape
   */
  public static Var tanh(Var x) {
    return Tape.apply(Primitives.tanh(), x);
  }

  /**
   * {@code max(x, 0)}.
   *
   * @param x the input, any shape
   * @return the rectified values, of {@code x}'s shape
   */
  public static Var relu(Var x) {
    return Tape.apply(Primitives.relu(), x);
  }

  /**
   * {@code 1 / (1 + e^-x)}.
   *
   * @param x the input, any shape
   * @return the values in {@code [0, 1]}, of {@code x}'s shape
   */
  public static Var sigmoid(Var x) {
    return Tape.apply(Primitives.sigmoid(), x);
  }

  /**
   * {@code x^2}.
   *
   * @param x the input, any shape
   * @return the squares, of {@code x}'s shape
   */
  public static Var square(Var x) {
    return Tape.apply(Primitives.square(), x);
  }

  /**
   * Square root.
   *
   * @param x the input, any shape
   * @return the square roots, of {@code x}'s shape (NaN below 0)
   */
  public static Var sqrt(Var x) {
    return Tape.apply(Primitives.sqrt(), x);
  }

  /**
   * Maximum along {@code axis}, removing it.
   *
   * @param x the input
   * @param axis the axis to reduce, in {@code [-rank, rank)}
   * @return the maxima, of {@code x}'s shape without {@code axis}
   * @throws IllegalArgumentException if {@code axis} is out of range, or it is the example axis of
   *     a per-example value
   */
  public static Var max(Var x, int axis) {
    return Tape.apply(Primitives.max(axis), x);
  }

  /**
   * Stable {@code log(sum(exp(x)))} along {@code axis}, removing it.
   *
   * @param x the input
   * @param axis the axis to reduce, in {@code [-rank, rank)}
   * @return the values, of {@code x}'s shape without {@code axis}
   * @throws IllegalArgumentException if {@code axis} is out of range, or it is the example axis of
   *     a per-example value
   */
  public static Var logSumExp(Var x, int axis) {
    return Tape.apply(Primitives.logSumExp(axis), x);
  }

  /**
   * Softmax along {@code axis}.
   *
   * @param x the input, e.g. logits {@code [N, C]}
   * @param axis the axis along which the outputs sum to 1, in {@code [-rank, rank)}
   * @return the probabilities, of {@code x}'s shape
   * @throws IllegalArgumentException if {@code axis} is out of range, or it is the example axis of
   *     a per-example value
   */
  public static Var softmax(Var x, int axis) {
    return Tape.apply(Primitives.softmax(axis), x);
  }

  /**
   * Per-example softmax cross-entropy of logits {@code [N, C]} with integer labels in {@code [0,
   * C)}: a vector {@code [N]} of {@code logsumexp(z_i) - z_i[label_i]}.
   *
   * @param logits the logits {@code [N, C]}
   * @param labels the {@code N} class indices, each in {@code [0, C)} (copied)
   * @return the {@code [N]} per-example losses, in nats
   * @throws IllegalArgumentException if {@code logits} is not {@code [N, C]} with {@code N}
   *     labels, or a label is out of range
   */
  public static Var softmaxCrossEntropy(Var logits, int[] labels) {
    return Tape.apply(Primitives.softmaxCrossEntropy(labels), logits);
  }

  /**
   * The mean over examples of {@link #softmaxCrossEntropy}, a scalar.
   *
   * @param logits the logits {@code [N, C]}, not per example
   * @param labels the {@code N} class indices, each in {@code [0, C)}
   * @return the mean loss, of shape {@code []}
   * @throws IllegalArgumentException if {@code logits} is not {@code [N, C]} with {@code N}
   *     labels, a label is out of range, or the logits are per example
   */
  public static Var meanSoftmaxCrossEntropy(Var logits, int[] labels) {
    return mean(softmaxCrossEntropy(logits, labels));
  }

  /**
   * Layer normalization, as {@code torch.nn.LayerNorm(normalized_shape = gamma.shape)}: each block
   * of the trailing axes that {@code gamma} and {@code beta} span ({@code x.shape[1:]} to normalize
   * each example over all its axes, {@code [d]} for the last axis only) becomes {@code (x - mean) /
   * sqrt(var + eps) * gamma + beta}, with the block's mean and population variance. PyTorch's
   * default {@code eps} is 1e-5. Never mixes examples unless {@code gamma} spans axis 0 as well.
   *
   * @param x the input
   * @param gamma the scale, whose shape is the trailing axes of {@code x} to normalize over
   * @param beta the shift, of {@code gamma}'s shape
   * @param eps added to the variance; finite and {@code >= 0}
   * @return the normalized input, of {@code x}'s shape
   * @throws IllegalArgumentException if {@code eps} is negative or not finite, {@code gamma}'s
   *     shape is not a trailing shape of {@code x}, {@code beta}'s differs from it, or (per example)
   *     {@code gamma} spans the example axis
   */
  public static Var layerNorm(Var x, Var gamma, Var beta, double eps) {
    return Tape.apply(Primitives.layerNorm(eps), x, gamma, beta);
  }

  /**
   * Group normalization, as {@code torch.nn.GroupNorm(groups, C)}: for {@code x: [B, C, ...]}, each
   * example's channels fall into {@code groups} equal groups, each normalized over its channels and
   * positions with its mean and population variance, then {@code y[:, c] = xhat[:, c] * gamma[c] +
   * beta[c]} for {@code gamma, beta: [C]}. PyTorch's default {@code eps} is 1e-5. Never mixes
   * examples.
   *
   * @param x the input {@code [B, C, ...]}
   * @param groups the number of groups; it divides {@code C}
   * @param gamma the per-channel scale {@code [C]}
   * @param beta the per-channel shift {@code [C]}
   * @param eps added to the variance; finite and {@code >= 0}
   * @return the normalized input, of {@code x}'s shape
   * @throws IllegalArgumentException if {@code groups} is not positive or does not divide {@code
   *     C}, {@code x} has fewer than 2 axes or an empty one, {@code gamma} or {@code beta} is not
   *     {@code [C]}, or {@code eps} is negative or not finite
   */
  public static Var groupNorm(Var x, int groups, Var gamma, Var beta, double eps) {
    return Tape.apply(Primitives.groupNorm(groups, eps), x, gamma, beta);
  }

  /**
   * 2-D convolution in PyTorch's NCHW layout (cross-correlation, as {@code torch.nn.functional.conv2d}):
   * {@code x: [B, C, H, W]} and {@code weight: [O, C, kh, kw]} give {@code [B, O, outH, outW]} with
   * {@code y[n, o, oh, ow] = bias[o] + sum_{c, i, j} weight[o, c, i, j] x[n, c, oh*stride - padding
   * + i, ow*stride - padding + j]}, zeros outside the image, and {@code outH = (H + 2 padding - kh) /
   * stride + 1} (likewise {@code outW}). Runs as matrix products on the context's kernel.
   *
   * @param x the images {@code [B, C, H, W]}
   * @param weight the filters {@code [O, C, kh, kw]}
   * @param bias {@code [O]}, or null for none
   * @param stride the step between windows along both spatial axes; positive
   * @param padding the zeros added on each side of both spatial axes; {@code >= 0}
   * @return the convolution {@code [B, O, outH, outW]}
   * @throws IllegalArgumentException if the stride is not positive, the padding negative, {@code x}
   *     or {@code weight} not of rank 4, their channels differ, the padded image is smaller than
   *     the kernel, or {@code bias} is not {@code [O]}
   */
  public static Var conv2d(Var x, Var weight, Var bias, int stride, int padding) {
    return conv2d(x, weight, bias, stride, stride, padding, padding);
  }

  /**
   * {@link #conv2d(Var, Var, Var, int, int)} with stride and zero padding given per axis (height, width).
   *
   * @param x the images {@code [B, C, H, W]}
   * @param weight the filters {@code [O, C, kh, kw]}
   * @param bias {@code [O]}, or null for none
   * @param strideH the step between windows along the height; positive
   * @param strideW the step between windows along the width; positive
   * @param padH the zero rows added above and below; {@code >= 0}
   * @param padW the zero columns added left and right; {@code >= 0}
   * @return the convolution {@code [B, O, outH, outW]}
   * @throws IllegalArgumentException as {@link #conv2d(Var, Var, Var, int, int)}
   */
  public static Var conv2d(Var x, Var weight, Var bias, int strideH, int strideW, int padH, int padW) {
    var op = Primitives.conv2d(strideH, strideW, padH, padW);
    return bias == null ? Tape.apply(op, x, weight) : Tape.apply(op, x, weight, bias);
  }

  /**
   * Maximum over {@code kernel x kernel} windows of {@code x: [B, C, H, W]}, {@code stride} apart,
   * without padding: {@code [B, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1]}. The
   * gradient of a window goes to its first maximum in scan order (row by row, left to right).
   *
   * @param x the input {@code [B, C, H, W]}
   * @param kernel the window's side; positive
   * @param stride the step between windows; positive
   * @return the window maxima
   * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive, or
   *     {@code x} is not of rank 4 with {@code H} and {@code W} at least {@code kernel}
   */
  public static Var maxPool2d(Var x, int kernel, int stride) {
    return Tape.apply(Primitives.maxPool2d(kernel, stride), x);
  }

  /**
   * Mean over {@code kernel x kernel} windows of {@code x: [B, C, H, W]}, shaped as {@link #maxPool2d}.
   *
   * @param x the input {@code [B, C, H, W]}
   * @param kernel the window's side; positive
   * @param stride the step between windows; positive
   * @return the window means
   * @throws IllegalArgumentException as {@link #maxPool2d}
   */
  public static Var avgPool2d(Var x, int kernel, int stride) {
    return Tape.apply(Primitives.avgPool2d(kernel, stride), x);
  }

  /**
   * Mean over the spatial axes of {@code x: [B, C, H, W]}, giving {@code [B, C]}.
   *
   * @param x the input {@code [B, C, H, W]}
   * @return the mean of each example's channel, {@code [B, C]}
   * @throws IllegalArgumentException if {@code x} is not of rank 4
   */
  public static Var globalAvgPool(Var x) {
    return Tape.apply(Primitives.globalAvgPool(), x);
  }
}
