package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;

/**
 * A value inside a function being differentiated: its concrete {@link Tensor} plus, when it
 * depends on a differentiated parameter, its place on the tape of the current {@link Grad} or
 * {@link PerExample} call. Values made with {@link #constant} take part in ops but receive no
 * gradient.
 *
 * <p>Immutable. A {@code Var} belongs to the call that made it; combining values of two different
 * calls is an error.
 */
public final class Var {
  private final Tensor value;
  private final Tape tape;
  private final int node;
  private final boolean mapped;

  Var(Tensor value, Tape tape, int node, boolean mapped) {
    this.value = value;
    this.tape = tape;
    this.node = node;
    this.mapped = mapped;
  }

  /**
   * A constant: it flows through ops and receives no gradient. Ops applied to constants only run in
   * {@link ExecutionContext#defaults()}; an {@link Inference} pass makes constants that run in
   * another context.
   *
   * @param value the constant's value, e.g. a batch of inputs
   * @return an untraced, unmapped value
   */
  public static Var constant(Tensor value) {
    return new Var(value, null, -1, false);
  }

  /**
   * A constant that indexes the same examples as this value: mapped exactly when this value is, so
   * that per-example data such as a dropout mask can meet it elementwise. When mapped, axis 0 of
   * {@code value} must have this value's number of examples.
   *
   * @param value the constant's value; {@code [B, ...]} when this value is mapped
   * @return an untraced value on this value's tape, mapped when this value is
   * @throws IllegalArgumentException if this value is mapped and axis 0 of {@code value} is not of
   *     size {@code B}
   */
  public Var constantAlong(Tensor value) {
    checkArgument(
        !mapped || (value.shape().rank() >= 1 && value.shape().dim(0) == shape().dim(0)),
        "constantAlong: %s must have the %s examples of %s on axis 0", value.shape(), mapped ? shape().dim(0) : 0, shape());
    return new Var(value, tape, -1, mapped);
  }

  /**
   * The concrete value.
   *
   * @return the tensor computed for this value
   */
  public Tensor value() {
    return value;
  }

  /**
   * The value's shape.
   *
   * @return the shape of {@link #value()}, with the example axis first when mapped
   */
  public Shape shape() {
    return value.shape();
  }

  /**
   * True when axis 0 of this value indexes the examples of a {@link PerExample} call.
   *
   * @return whether this value is per example
   */
  public boolean isMapped() {
    return mapped;
  }

  /**
   * True when gradients flow back through this value to a parameter.
   *
   * @return whether this value depends on a differentiated parameter (a constant, even one made by
   *     {@link #constantAlong}, does not)
   */
  public boolean requiresGrad() {
    return node >= 0;
  }

  Tape tape() {
    return tape;
  }

  int node() {
    return node;
  }

  @Override
  public String toString() {
    return "Var" + value.shape() + (mapped ? " (per example)" : "") + (requiresGrad() ? " (traced)" : "");
  }
}
