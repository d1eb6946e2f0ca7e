package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An op's rule for per-example gradients: what JAX's batching rule contributes to {@code
 * vmap(grad(f))}, restricted to the case this library needs.
 *
 * <p>In a per-example computation axis 0 of the data indexes examples ("mapped" values) while
 * parameters carry no example axis ("unmapped"). Where an op combines mapped inputs with an
 * unmapped one (a shared weight, a bias), the output is mapped and the unmapped input receives one
 * cotangent per example: {@link #perExampleVjp} returns them stacked as {@code [B, ...input
 * shape]}. {@link #moments} may instead return their sum and sum of squares directly, without ever
 * holding {@code B} copies of the parameter.
 */
public interface PerExampleRule {
  /**
   * Per-example cotangents {@code [B, ...in[index].shape]} of the unmapped input {@code index},
   * given the mapped output cotangent {@code ct} of shape {@code [B, ...]}, computed in {@code ctx}.
   *
   * @param op the op whose rule this is
   * @param index the unmapped input whose cotangents are wanted
   * @param ct the output cotangent, {@code [B, ...]}
   * @param in the input values of the forward pass, mapped ones with {@code B} rows
   * @param mapped {@code mapped[i]} is true when axis 0 of input {@code i} indexes examples
   * @param out the output of the forward pass, {@code [B, ...]}
   * @param ctx the matrix kernel and the source of arrays
   * @return the cotangents of the {@code B} examples, {@code [B, ...in[index].shape]}
   */
  Tensor perExampleVjp(
      Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, Tensor out, ExecutionContext ctx);

  /**
   * The per-example cotangents' sum and sum of squares over the batch, computed without
   * materializing them, or empty when this configuration of inputs has no such shortcut. The two
   * tensors must hold fresh arrays that nothing else reads or keeps: the per-example transform
   * writes the mean and variance over them; they come from {@code ctx.buffers()}.
   *
   * @param op the op whose rule this is
   * @param index the unmapped input whose cotangents are summed
   * @param ct the output cotangent, {@code [B, ...]}
   * @param in the input values of the forward pass
   * @param mapped {@code mapped[i]} is true when axis 0 of input {@code i} indexes examples
   * @param ctx the matrix kernel and the source of arrays
   * @return the sums over the examples, each with the shape of {@code in[index]}; empty by default
   */
  default Optional<Moments> moments(
      Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, ExecutionContext ctx) {
    return Optional.empty();
  }

  /**
   * The generic rule: one ordinary {@link Primitive#vjp} per example on rows {@code [i, i+1)} of
   * every mapped input. Correct for any op that treats the rows of axis 0 independently; slow, so
   * ops that meet parameters directly (matmul, bias add, broadcasting arithmetic) have their own.
   *
   * @return the rule; it throws {@link IllegalArgumentException} when asked about a mapped input
   */
  static PerExampleRule loop() {
    return PerExampleRule::loopOverExamples;
  }

  private static Tensor loopOverExamples(
      Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, Tensor out, ExecutionContext ctx) {
    checkArgument(!mapped[index], "%s: input %s is mapped; it has no per-example cotangent", op.name(), index);
    int examples = ct.shape().dim(0);
    List<Tensor> perExample = new ArrayList<>(examples);
    for (int i = 0; i < examples; i++) {
      List<Tensor> rows = new ArrayList<>(in.size());
      for (int j = 0; j < in.size(); j++) {
        rows.add(mapped[j] ? in.get(j).slice(i, i + 1) : in.get(j));
      }
      perExample.add(op.vjp(index, ct.slice(i, i + 1), rows, out.slice(i, i + 1), ctx));
    }
    return Tensor.stack(perExample);
  }

  /**
   * The rule of ops with a single input: their output is mapped exactly when the input is, so an
   * unmapped input never meets a mapped output and this rule is never asked for cotangents.
   *
   * @return the rule; it throws {@link IllegalStateException} if it is asked all the same
   */
  static PerExampleRule singleInput() {
    return (op, index, ct, in, mapped, out, ctx) -> {
      throw new IllegalStateException(op.name() + " has one input; per-example cotangents never reach it unmapped");
    };
  }

  /**
   * The rule of elementwise binary ops with NumPy broadcasting: the unreduced cotangent {@code
   * partial} (the output's shape) summed over the broadcast axes except the example axis.
   *
   * @param partial the unreduced cotangent, {@code [B, ...]} with the output's shape
   * @param inputShape the shape of the unmapped input
   * @return the per-example cotangents, {@code [B, ...inputShape]}
   */
  static Tensor sumToPerExample(Tensor partial, Shape inputShape) {
    return Broadcast.sumToPerExample(partial, inputShape);
  }
}
