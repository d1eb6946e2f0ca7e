package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Base of elementwise binary ops with NumPy broadcasting. Each op gives the unreduced cotangent
 * of an input over the output's shape ({@link #partial}); the VJP sums it over the broadcast axes,
 * and the per-example rule sums over all of them but the example axis.
 */
public abstract class BroadcastingBinary implements Primitive {
  /** For subclasses, which hold the op's parameters if it has any. */
  public BroadcastingBinary() {}

  /**
   * {@code f(a, b)}.
   *
   * @param a an element of the first operand
   * @param b the element of the second operand it meets after broadcasting
   * @return the output element
   */
  protected abstract float apply(float a, float b);

  /**
   * The cotangent of input {@code index} before reduction: {@code ct * d f / d in[index]}, with
   * the output's (broadcast) shape.
   *
   * @param index 0 for {@code a}, 1 for {@code b}
   * @param ct the output cotangent, with the output's shape
   * @param a the first operand
   * @param b the second operand
   * @param out the output of the forward pass
   * @return the unreduced cotangent, with the output's shape
   */
  protected abstract Tensor partial(int index, Tensor ct, Tensor a, Tensor b, Tensor out);

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 2, "%s takes 2 inputs, got %s", name(), in.size());
    return Broadcast.shape(name(), in.get(0), in.get(1));
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Tensor a = in.get(0);
    Tensor b = in.get(1);
    return Broadcast.apply(a, b, Broadcast.shape(name(), a.shape(), b.shape()), this::apply);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    return Broadcast.sumTo(partial(index, ct, in.get(0), in.get(1), out), in.get(index).shape());
  }

  @Override
  public PerExampleRule perExampleRule() {
    return (op, index, ct, in, mapped, out, ctx) ->
        Broadcast.sumToPerExample(partial(index, ct, in.get(0), in.get(1), out), in.get(index).shape());
  }

  /**
   * An unmapped operand must broadcast over the example axis, not align with it: with a mapped
   * {@code [B, n]} operand, a parameter of shape {@code [n]} is fine and one of shape {@code [1,
   * n]} is refused.
   */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    Shape out = Broadcast.shape(name(), in.get(0), in.get(1));
    for (int i = 0; i < 2; i++) {
      checkArgument(
          mapped[i] || in.get(i).rank() < out.rank(),
          "%s: operand %s of shape %s has no example axis but reaches axis 0 of the per-example "
              + "result %s; give it fewer dimensions than %s",
          name(), i, in.get(i), out, out);
    }
  }

  /** Elementwise {@code f(x, y)} over equal shapes. */
  static Tensor zip(Tensor x, Tensor y, Broadcast.FloatBinary f) {
    return Broadcast.apply(x, y, Broadcast.shape("zip", x.shape(), y.shape()), f);
  }

  @Override
  public String toString() {
    return name();
  }
}
