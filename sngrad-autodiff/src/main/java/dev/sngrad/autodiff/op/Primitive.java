package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * One differentiable operation with all of its rules in one place, as JAX registers an op's
 * rules side by side in {@code lax.py}: shape checking, the forward computation, the
 * vector-Jacobian product and the per-example rule.
 *
 * <p>Implementations are immutable; op parameters (an axis, a scalar, labels) are fields, so every
 * input is a tensor. All methods are pure and never modify their arguments.
 */
public interface Primitive {
  /**
   * Name used in error messages, e.g. {@code "matmul"}.
   *
   * @return the op's short name
   */
  String name();

  /**
   * The output shape for inputs of the given shapes.
   *
   * @param in the shapes of the inputs, in the op's input order
   * @return the shape of {@link #forward}'s result for such inputs
   * @throws IllegalArgumentException naming the op and the shapes when they do not fit, or when the
   *     number of inputs is wrong
   */
  Shape outputShape(List<Shape> in);

  /**
   * The output value. Inputs have passed {@link #outputShape}. Ops take the output's array from
   * {@code ctx.buffers()} where they can (every op on a training step's hot path does), so that a
   * step run in an {@link dev.sngrad.autodiff.tensor.Arena} reuses it, and run matrix products on
   * {@code ctx.kernel()}; the result must not depend on either.
   *
   * @param in the input values, in the op's input order
   * @param ctx the matrix kernel and the source of output arrays
   * @return the output, of shape {@code outputShape(shapes of in)}
   */
  Tensor forward(List<Tensor> in, ExecutionContext ctx);

  /**
   * The cotangent of input {@code index} given the output cotangent {@code ct} (shape of {@code
   * out}): {@code ct^T * d out / d in[index]}, with the shape of {@code in[index]}, computed in
   * {@code ctx} as {@link #forward} is. Only called for inputs that need a gradient, so ops never
   * compute cotangents of constants such as images.
   *
   * @param index which input to differentiate with respect to, from 0
   * @param ct the cotangent of the output, with {@code out}'s shape
   * @param in the input values of the forward pass
   * @param out the output of the forward pass, which ops such as {@code exp} reuse
   * @param ctx the matrix kernel and the source of arrays
   * @return the cotangent of {@code in.get(index)}, with its shape
   */
  Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx);

  /**
   * How the op behaves when axis 0 of some inputs indexes independent examples (see {@link
   * PerExampleRule}).
   *
   * @return the rule that gives per-example cotangents of unmapped inputs
   */
  PerExampleRule perExampleRule();

  /**
   * Fails when, with axis 0 of the inputs flagged in {@code mapped} indexing examples, the op
   * would mix examples or move the example axis (for instance a sum over axis 0). The default
   * accepts everything, which is right for ops that act on each row of axis 0 independently.
   *
   * @param in the shapes of the inputs, which have passed {@link #outputShape}
   * @param mapped {@code mapped[i]} is true when axis 0 of input {@code i} indexes examples
   * @throws IllegalArgumentException naming the op and the shapes when examples would be mixed
   */
  default void checkExampleAxis(List<Shape> in, boolean[] mapped) {}
}
