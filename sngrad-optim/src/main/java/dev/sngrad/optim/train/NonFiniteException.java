package dev.sngrad.optim.train;

import static com.google.common.base.Strings.lenientFormat;

/**
 * Thrown by {@link TrainStep} when the loss, a gradient, a gradient variance, an update or an
 * updated parameter holds NaN or an infinity. The message names the step, the quantity, the
 * parameter (e.g. {@code dense2/weight}, or {@code loss} for the loss), the element and the value.
 */
public final class NonFiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** The step number, see {@link #step()}. */
  private final long step;
  /** What was not finite, see {@link #quantity()}. */
  private final String quantity;
  /** The parameter's name, see {@link #parameter()}. */
  private final String parameter;
  /** The offending value. */
  private final double value;

  NonFiniteException(long step, String quantity, String parameter, int element, double value) {
    super(
        element < 0
            ? lenientFormat("step %s: %s is not finite: %s", step, quantity, value)
            : lenientFormat(
                "step %s: %s of '%s' is not finite: %s at element %s", step, quantity, parameter, value,
                element));
    this.step = step;
    this.quantity = quantity;
    this.parameter = parameter;
    this.value = value;
  }

  /**
   * The step number passed to {@link TrainStep#apply}.
   *
   * @return the number of the step that failed, from 0
   */
  public long step() {
    return step;
  }

  /**
   * What was not finite.
   *
   * @return {@code loss}, {@code gradient}, {@code gradient variance}, {@code update} or {@code parameter}
   */
  public String quantity() {
    return quantity;
  }

  /**
   * The parameter name.
   *
   * @return the name, e.g. {@code dense2/weight}; {@code loss} for the loss
   */
  public String parameter() {
    return parameter;
  }

  /**
   * The offending value.
   *
   * @return NaN or an infinity
   */
  public double value() {
    return value;
  }
}
