package dev.sngrad.autodiff;

import dev.sngrad.autodiff.op.Add;
import dev.sngrad.autodiff.op.AddScalar;
import dev.sngrad.autodiff.op.BiasAdd;
import dev.sngrad.autodiff.op.Div;
import dev.sngrad.autodiff.op.Exp;
import dev.sngrad.autodiff.op.Log;
import dev.sngrad.autodiff.op.LogSumExp;
import dev.sngrad.autodiff.op.MatMul;
import dev.sngrad.autodiff.op.Max;
import dev.sngrad.autodiff.op.Mul;
import dev.sngrad.autodiff.op.MulScalar;
import dev.sngrad.autodiff.op.Neg;
import dev.sngrad.autodiff.op.Relu;
import dev.sngrad.autodiff.op.Reshape;
import dev.sngrad.autodiff.op.Sigmoid;
import dev.sngrad.autodiff.op.Softmax;
import dev.sngrad.autodiff.op.SoftmaxCrossEntropy;
import dev.sngrad.autodiff.op.Sqrt;
import dev.sngrad.autodiff.op.Square;
import dev.sngrad.autodiff.op.Sub;
import dev.sngrad.autodiff.op.Sum;
import dev.sngrad.autodiff.op.SumAll;
import dev.sngrad.autodiff.op.Tanh;
import dev.sngrad.autodiff.op.Transpose;
import dev.sngrad.autodiff.tensor.Shape;

/**
 * The differentiable operations, one static factory per op. Each applies a {@link
 * dev.sngrad.autodiff.op.Primitive} to {@link Var}s; inside {@link Grad} or {@link PerExample} the
 * application is recorded for the backward pass. Binary arithmetic broadcasts as NumPy does. Axis
 * arguments may be negative (counting from the end).
 */
public final class Ops {
  private Ops() {}

  /** Applies any primitive, for ops defined outside this class. */
  public static Var apply(dev.sngrad.autodiff.op.Primitive op, Var... inputs) {
    return Tape.apply(op, inputs);
  }

  /** {@code a + b}, broadcasting. */
  public static Var add(Var a, Var b) {
    return Tape.apply(new Add(), a, b);
  }

  /** {@code a - b}, broadcasting. */
  public static Var sub(Var a, Var b) {
    return Tape.apply(new Sub(), a, b);
  }

  /** {@code a * b} elementwise, broadcasting. */
  public static Var mul(Var a, Var b) {
    return Tape.apply(new Mul(), a, b);
  }

  /** {@code a / b} elementwise, broadcasting. */
  public static Var div(Var a, Var b) {
    return Tape.apply(new Div(), a, b);
  }

  /** {@code -x}. */
  public static Var neg(Var x) {
    return Tape.apply(new Neg(), x);
  }

  /** {@code x + c}. */
  public static Var addScalar(Var x, float c) {
    return Tape.apply(new AddScalar(c), x);
  }

  /** {@code c * x}. */
  public static Var mulScalar(Var x, float c) {
    return Tape.apply(new MulScalar(c), x);
  }

  /** Matrix product of {@code a: [..., k]} and {@code b: [k, n]}, giving {@code [..., n]}. */
  public static Var matmul(Var a, Var b) {
    return Tape.apply(new MatMul(), a, b);
  }

  /** Transpose of a matrix. */
  public static Var transpose(Var x) {
    return Tape.apply(new Transpose(), x);
  }

  /** The same values in another shape of equal size. */
  public static Var reshape(Var x, int... dims) {
    return Tape.apply(new Reshape(Shape.of(dims)), x);
  }

  /** {@code x[..., j] + bias[j]} for a bias vector matching the last axis. */
  public static Var biasAdd(Var x, Var bias) {
    return Tape.apply(new BiasAdd(), x, bias);
  }

  /** Sum along {@code axis}, removing it. */
  public static Var sum(Var x, int axis) {
    return Tape.apply(new Sum(axis, false), x);
  }

  /** Sum of all elements, a scalar. */
  public static Var sum(Var x) {
    return Tape.apply(new SumAll(false), x);
  }

  /** Mean along {@code axis}, removing it. */
  public static Var mean(Var x, int axis) {
    return Tape.apply(new Sum(axis, true), x);
  }

  /** Mean of all elements, a scalar. */
  public static Var mean(Var x) {
    return Tape.apply(new SumAll(true), x);
  }

  /** {@code e^x}. */
  public static Var exp(Var x) {
    return Tape.apply(new Exp(), x);
  }

  /** Natural logarithm. */
  public static Var log(Var x) {
    return Tape.apply(new Log(), x);
  }

  /** Hyperbolic tangent. */
  public static Var tanh(Var x) {
    return Tape.apply(new Tanh(), x);
  }

  /** {@code max(x, 0)}. */
  public static Var relu(Var x) {
    return Tape.apply(new Relu(), x);
  }

  /** {@code 1 / (1 + e^-x)}. */
  public static Var sigmoid(Var x) {
    return Tape.apply(new Sigmoid(), x);
  }

  /** {@code x^2}. */
  public static Var square(Var x) {
    return Tape.apply(new Square(), x);
  }

  /** Square root. */
  public static Var sqrt(Var x) {
    return Tape.apply(new Sqrt(), x);
  }

  /** Maximum along {@code axis}, removing it. */
  public static Var max(Var x, int axis) {
    return Tape.apply(new Max(axis), x);
  }

  /** Stable {@code log(sum(exp(x)))} along {@code axis}, removing it. */
  public static Var logSumExp(Var x, int axis) {
    return Tape.apply(new LogSumExp(axis), x);
  }

  /** Softmax along {@code axis}. */
  public static Var softmax(Var x, int axis) {
    return Tape.apply(new Softmax(axis), x);
  }

  /**
   * Per-example softmax cross-entropy of logits {@code [N, C]} with integer labels in {@code [0,
   * C)}: a vector {@code [N]} of {@code logsumexp(z_i) - z_i[label_i]}.
   */
  public static Var softmaxCrossEntropy(Var logits, int[] labels) {
    return Tape.apply(new SoftmaxCrossEntropy(labels), logits);
  }

  /** The mean over examples of {@link #softmaxCrossEntropy}, a scalar. */
  public static Var meanSoftmaxCrossEntropy(Var logits, int[] labels) {
    return mean(softmaxCrossEntropy(logits, labels));
  }
}
