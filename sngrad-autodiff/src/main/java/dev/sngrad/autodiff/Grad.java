package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.function.Function;

/**
 * Reverse-mode gradient of a scalar function of named parameters, JAX's {@code grad} and {@code
 * value_and_grad}: {@code Grad.of(f).apply(params)} returns {@code d f / d params} with the names
 * and shapes of {@code params}. Each call records its own tape; a {@code Grad} holds no state
 * between calls and may be shared between threads.
 */
public final class Grad {
  private final Function<Vars, Var> function;
  private final MatMulKernel kernel;

  private Grad(Function<Vars, Var> function, MatMulKernel kernel) {
    this.function = checkNotNull(function);
    this.kernel = checkNotNull(kernel);
  }

  /** The gradient transform of {@code function}, which must return a scalar (one element). */
  public static Grad of(Function<Vars, Var> function) {
    return new Grad(function, MatMulKernel.defaultKernel());
  }

  /** The same transform with matrix products on {@code kernel}. */
  public Grad withKernel(MatMulKernel kernel) {
    return new Grad(function, kernel);
  }

  /** The gradient at {@code params} (not modified). Parameters the function ignores get zeros. */
  public Params apply(Params params) {
    return valueAndGrad(params).grad();
  }

  /** The function's value and its gradient at {@code params} (not modified). */
  public ValueAndGrad valueAndGrad(Params params) {
    Tape tape = new Tape(kernel, 0);
    Var out = function.apply(tape.leaves(params));
    return new ValueAndGrad(out.value(), tape.gradient(out));
  }

  /** A function value and the gradient of the function at the same point. */
  public record ValueAndGrad(Tensor value, Params grad) {}
}
