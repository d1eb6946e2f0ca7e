package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Base of the ops that act along one axis: the input is seen as {@code [outer, length, inner]}
 * around the axis. Reductions that remove the axis ({@link AxisReduction}) and ops that keep it
 * (softmax) share the indexing and the example-axis check.
 */
public abstract class AxisOp implements Primitive {
  /** The axis as given; negative counts from the end. */
  protected final int axis;

  /**
   * An op along {@code axis}; negative counts from the end, checked against the input's rank when applied.
   *
   * @param axis the axis, in {@code [-rank, rank)} of the input the op will be applied to
   */
  protected AxisOp(int axis) {
    this.axis = axis;
  }

  /**
   * True for reductions that drop the axis from the output shape.
   *
   * @return true by default; ops that keep the axis (softmax) return false
   */
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

  /**
   * A tensor seen as {@code [outer, length, inner]} around the axis: element {@code (o, j, i)} is
   * at {@link #at}, and reduced element {@code (o, i)} at {@link #reduced}.
   *
   * @param outer the product of the dimensions before the axis
   * @param length the size of the axis
   * @param inner the product of the dimensions after the axis
   */
  protected record Layout(int outer, int length, int inner) {
    int at(int o, int j, int i) {
      return (o * length + j) * inner + i;
    }

    int reduced(int o, int i) {
      return o * inner + i;
    }
  }

  /**
   * The layout of {@code s} around this op's axis.
   *
   * @param s the shape of the op's input
   * @return the sizes before, along and after the axis
   * @throws IllegalArgumentException if the axis is out of range for {@code s}
   */
  protected Layout layout(Shape s) {
    int a = s.normalizeAxis(axis);
    return new Layout(s.outerSize(a), s.dim(a), s.innerSize(a));
  }

  /**
   * {@code s} without this op's axis.
   *
   * @param s the shape of the op's input
   * @return the shape of a reduction's output
   * @throws IllegalArgumentException if the axis is out of range for {@code s}
   */
  protected Shape reducedShape(Shape s) {
    return s.remove(s.normalizeAxis(axis));
  }

  /**
   * Copies a reduced tensor ({@code [outer, inner]}) back along the axis: {@code out[o, j, i] =
   * reduced[o, i]}.
   *
   * @param reduced the tensor without the axis, {@code [outer, inner]} in row-major order
   * @param full the shape with the axis
   * @return a new array of {@code full.size()} values
   */
  protected float[] spread(Tensor reduced, Shape full) {
    Layout l = layout(full);
    float[] r = TensorArrays.data(reduced);
    float[] y = new float[full.size()];
    for (int o = 0; o < l.outer(); o++) {
      for (int j = 0; j < l.length(); j++) {
        System.arraycopy(r, l.reduced(o, 0), y, l.at(o, j, 0), l.inner());
      }
    }
    return y;
  }

  @Override
  public String toString() {
    return name() + "(axis=" + axis + ")";
  }
}
