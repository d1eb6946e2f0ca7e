package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Sum of all elements, a scalar; with {@code mean} set, divided by the element count. Accumulates
 * in double. The VJP fills the input's shape with the (scaled) cotangent.
 */
final class SumAll implements Primitive {
  private final boolean mean;

  /** The sum of all elements, or their mean when {@code mean} is set. */
  SumAll(boolean mean) {
    this.mean = mean;
  }

  @Override
  public String name() {
    return mean ? "mean_all" : "sum_all";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "%s takes 1 input, got %s", name(), in.size());
    return Shape.scalar();
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    double acc = 0;
    for (float v : TensorArrays.data(in.get(0))) {
      acc += v;
    }
    int n = in.get(0).size();
    return Tensor.scalar((float) (mean ? acc / n : acc));
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    float[] g = ctx.buffers().floats(in.get(0).size());
    Arrays.fill(g, mean ? ct.item() / g.length : ct.item());
    return TensorArrays.wrap(in.get(0).shape(), g);
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  /** Summing everything of a mapped input mixes the examples. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(!mapped[0], "%s: summing all of %s mixes examples; reduce over the other axes", name(), in.get(0));
  }

  @Override
  public String toString() {
    return name();
  }
}
