package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/** The same values with another shape of equal size; the VJP reshapes the cotangent back. */
final class Reshape implements Primitive {
  private final Shape target;

  /** Reshapes to {@code target}, whose size must equal the input's (checked when applied). */
  Reshape(Shape target) {
    this.target = target;
  }

  @Override
  public String name() {
    return "reshape";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "reshape takes 1 input, got %s", in.size());
    checkArgument(
        in.get(0).size() == target.size(), "reshape: cannot reshape %s (%s elements) to %s (%s elements)",
        in.get(0), in.get(0).size(), target, target.size());
    return target;
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    return in.get(0).reshape(target);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    return ct.reshape(in.get(0).shape());
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  /** A mapped input must keep its example axis in front. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(
        !mapped[0] || (target.rank() >= 1 && target.dim(0) == in.get(0).dim(0)),
        "reshape: %s to %s would change the example axis (axis 0)", in.get(0), target);
  }

  @Override
  public String toString() {
    return name() + target;
  }
}
