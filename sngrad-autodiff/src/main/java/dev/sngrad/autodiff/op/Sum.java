package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Sum along one axis, removing it; with {@code mean} set, divides by the axis length. Accumulates
 * in double. The VJP copies the cotangent along the axis (scaled by {@code 1/length} for the mean).
 */
final class Sum extends AxisReduction {
  private final boolean mean;

  /** The sum over {@code axis} (negative counts from the end), or the mean when {@code mean} is set. */
  Sum(int axis, boolean mean) {
    super(axis);
    this.mean = mean;
  }

  @Override
  public String name() {
    return mean ? "mean" : "sum";
  }

  @Override
  protected double reduceLine(float[] x, int start, int length, int stride) {
    double acc = 0;
    for (int j = 0; j < length; j++) {
      acc += x[start + j * stride];
    }
    return mean ? acc / length : acc;
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Shape s = in.get(0).shape();
    float[] g = spread(ct, s);
    if (mean) {
      float scale = 1f / layout(s).length();
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
    }
    return TensorArrays.wrap(s, g);
  }
}
