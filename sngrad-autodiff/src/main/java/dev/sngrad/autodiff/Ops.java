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
   * Layer normalization, as {@code torch.nn.LayerNorm(normalized_shape = gamma.shape)}: each block
   * of the trailing axes that {@code gamma} and {@code beta} span ({@code x.shape[1:]} to normalize
   * each example over all its axes, {@code [d]} for the last axis only) becomes {@code (x - mean) /
   * sqrt(var + eps) * gamma + beta}, with the block's mean and population variance. PyTorch's
   * default {@code eps} is 1e-5. Never mixes examples unless {@code gamma} spans axis 0 as well.
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
   */
  public static Var groupNorm(Var x, int groups, Var gamma, Var beta, double eps) {
    return Tape.apply(Primitives.groupNorm(groups, eps), x, gamma, beta);
  }
}
