package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;

/**
 * One pass that only computes values (inference), in a chosen {@link ExecutionContext}: the
 * constants it makes take part in ops like {@link Var#constant}s, receive no gradient and record
 * nothing, but every op applied to them runs in this pass's context (matrix products on its
 * kernel, result arrays from its buffers) rather than in {@link ExecutionContext#defaults()}.
 *
 * <p>{@code Var.constant} and {@code Vars.constants} are this with the defaults context. With the
 * same kernel the values are the same bits either way, since no op depends on where its arrays
 * come from. With an {@link dev.sngrad.autodiff.tensor.Arena} as buffers, values are valid until
 * the arena is reset, and the pass may only be used from the arena's thread.
 *
 * <p>Values of one pass cannot be combined with those of another pass or of a {@link Grad} or
 * {@link PerExample} call (values made by {@code Var.constant} combine with anything). Immutable;
 * keeps no values.
 */
public final class Inference {
  /** A tape that never records: no value of the pass has a leaf to trace back to. */
  private final Tape tape;

  private Inference(ExecutionContext context) {
    this.tape = new Tape(checkNotNull(context, "context"), 0);
  }

  /**
   * A new pass in {@code context}.
   *
   * @param context the kernel and buffers every op of the pass runs with
   * @return the pass
   * @throws NullPointerException if {@code context} is null
   */
  public static Inference in(ExecutionContext context) {
    return new Inference(context);
  }

  /**
   * A constant of this pass, e.g. a batch of inputs.
   *
   * @param value the constant's value (not modified)
   * @return an untraced, unmapped value whose ops run in this pass's context
   */
  public Var constant(Tensor value) {
    return new Var(checkNotNull(value, "value"), tape, -1, false);
  }

  /**
   * The parameters as constants of this pass, under the same names.
   *
   * @param params the parameter values (not modified)
   * @return untraced parameters whose ops run in this pass's context
   */
  public Vars constants(Params params) {
    ImmutableMap.Builder<String, Var> b = ImmutableMap.builder();
    params.asMap().forEach((name, value) -> b.put(name, constant(value)));
    return new Vars(b.buildOrThrow());
  }
}
