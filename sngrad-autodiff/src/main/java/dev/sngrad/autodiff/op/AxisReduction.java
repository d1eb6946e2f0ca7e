package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/** Base of the reductions that remove their axis (sum, max, log-sum-exp). */
public abstract class AxisReduction extends AxisOp {
  /**
   * A reduction over {@code axis}; negative counts from the end.
   *
   * @param axis the axis to reduce, in {@code [-rank, rank)} of the input
   */
  protected AxisReduction(int axis) {
    super(axis);
  }

  /**
   * The reduction of one line along the axis: {@code length} values from {@code start}, {@code stride} apart.
   *
   * @param x the input's values in row-major order; not modified
   * @param start the index of the line's first value
   * @param length the number of values on the line, the size of the axis
   * @param stride the distance between consecutive values of the line
   * @return the reduced value, rounded to float by the caller
   */
  protected abstract double reduceLine(float[] x, int start, int length, int stride);

  /** Applies {@link #reduceLine} to every line along the axis. */
  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Shape s = in.get(0).shape();
    Layout l = layout(s);
    float[] x = TensorArrays.data(in.get(0));
    float[] y = new float[l.outer() * l.inner()];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        y[l.reduced(o, i)] = (float) reduceLine(x, l.at(o, 0, i), l.length(), l.inner());
      }
    }
    return TensorArrays.wrap(reducedShape(s), y);
  }
}
