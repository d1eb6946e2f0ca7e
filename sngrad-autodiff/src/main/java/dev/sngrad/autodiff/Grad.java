package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.function.Function;

/**
 * Reverse-mode gradient of a scalar function of named parameters, JAX's {@code grad} and {@code
 * value_and_grad}: {@code Grad.of(f).apply(params)} returns {@code d f / d params} with the names
 * and shapes of {@code params}. Each call records its own tape; a {@code Grad} holds no state
 * between calls and may be shared between threads (unless its context's buffers are an arena). Work
 * runs in an {@link ExecutionContext}, {@link ExecutionContext#defaults()} unless {@link
 * #withContext} sets one.
 */
public final class Grad {
  private final Function<Vars, Var> function;
  private final ExecutionContext context;

  private Grad(Function<Vars, Var> function, ExecutionContext context) {
    this.function = checkNotNull(function);
    this.context = checkNotNull(context);
  }

  /**
   * The gradient transform of {@code function}, which must return a scalar (one element).
   *
   * @param function maps the traced parameters to a value of one element, e.g. a mean loss
   * @return the transform, in {@link ExecutionContext#defaults()}
   * @throws NullPointerException if {@code function} is null
   */
  public static Grad of(Function<Vars, Var> function) {
    return new Grad(function, ExecutionContext.defaults());
  }

  /**
   * The same transform running in {@code context}: matrix products on its kernel, the arrays of
   * intermediate values, cotangents and gradients from its buffers where ops support it. With an
   * {@link dev.sngrad.autodiff.tensor.Arena}, the value and gradient of a call are valid until the
   * arena is reset.
   *
   * @param context the kernel and buffers to use
   * @return a copy of this transform with the context replaced
   * @throws NullPointerException if {@code context} is null
   */
  public Grad withContext(ExecutionContext context) {
    return new Grad(function, context);
  }

  /**
   * The gradient at {@code params} (not modified). Parameters the function ignores get zeros.
   *
   * @param params the point at which to differentiate
   * @return {@code d f / d params}, with the names, order and shapes of {@code params}
   * @throws IllegalArgumentException if the function's value has more or fewer than one element
   *     (or an op inside it rejects its inputs)
   */
  public Params apply(Params params) {
    return valueAndGrad(params).grad();
  }

  /**
   * The function's value and its gradient at {@code params} (not modified).
   *
   * @param params the point at which to evaluate and differentiate
   * @return the value, of one element, and {@code d f / d params} with the names and shapes of
   *     {@code params}
   * @throws IllegalArgumentException if the function's value has more or fewer than one element
   *     (or an op inside it rejects its inputs)
   */
  public ValueAndGrad valueAndGrad(Params params) {
    Tape tape = new Tape(context, 0);
    Var out = function.apply(tape.leaves(params));
    return new ValueAndGrad(out.value(), tape.gradient(out));
  }

  /**
   * A function value and the gradient of the function at the same point.
   *
   * @param value the function's value, one element (any rank)
   * @param grad the gradient, with the names and shapes of the parameters
   */
  public record ValueAndGrad(Tensor value, Params grad) {}
}
