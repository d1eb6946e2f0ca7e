package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Base of the ops that act along one axis: the input is seen as {@code [outer, length, inner]}
 * around the axis. Subclasses that remove the axis ({@link Sum}, {@link Max}, {@link LogSumExp})
 * and those that keep it ({@link Softmax}) share the indexing and the example-axis check.
 */
public abstract class AxisReduction implements Primitive {
  /** The axis as given; negative counts from the end. */
  protected final int axis;

  protected AxisReduction(int axis) {
    this.axis = axis;
  }

  /** True for reductions that drop the axis from the output shape. */
  protected boolean removesAxis() {
    return true;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "%s takes 1 input, got %s", name(), in.size());
    Shape s = in.get(0);
    checkArgument(s.rank() >= 1, "%s: axis %s out of range for shape %s", name(), axis, s);
    int a = axis < 0 ? axis + s.rank() : axis;
    checkArgument(a >= 0 && a < s.rank(), "%s: axis %s out of range for shape %s", name(), axis, s);
    return removesAxis() ? s.remove(a) : s;
  }

  /** Reducing over or normalizing along axis 0 of a mapped input would mix examples. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(
        !mapped[0] || in.get(0).normalizeAxis(axis) != 0,
        "%s: axis %s of %s is the example axis; reducing over it mixes examples", name(), axis, in.get(0));
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  /** Rows before the axis. */
  protected static int outer(Shape s, int axis) {
    return s.outerSize(axis);
  }

  /** Elements after the axis. */
  protected static int inner(Shape s, int axis) {
    return s.innerSize(axis);
  }

  /**
   * Copies a reduced tensor ({@code [outer, inner]}) back along the axis: {@code
   * out[o, j, i] = reduced[o, i]}.
   */
  protected static float[] spread(Tensor reduced, Shape full, int axis) {
    int a = full.normalizeAxis(axis);
    int outer = full.outerSize(a);
    int len = full.dim(a);
    int inner = full.innerSize(a);
    float[] r = reduced.rawData();
    float[] y = new float[full.size()];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < len; j++) {
        System.arraycopy(r, o * inner, y, (o * len + j) * inner, inner);
      }
    }
    return y;
  }

  @Override
  public String toString() {
    return name() + "(axis=" + axis + ")";
  }
}
