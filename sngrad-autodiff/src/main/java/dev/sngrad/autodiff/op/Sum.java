package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Sum along one axis, removing it; with {@code mean} set, divides by the axis length. Accumulates
 * in double. The VJP copies the cotangent along the axis (scaled by {@code 1/length} for the mean).
 */
public final class Sum extends AxisReduction {
  private final boolean mean;

  public Sum(int axis, boolean mean) {
    super(axis);
    this.mean = mean;
  }

  @Override
  public String name() {
    return mean ? "mean" : "sum";
  }

  @Override
  public Tensor forward(List<Tensor> in) {
    Shape s = in.get(0).shape();
    Layout l = layout(s);
    float[] x = in.get(0).rawData();
    float[] y = new float[l.outer() * l.inner()];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        double acc = 0;
        for (int j = 0; j < l.length(); j++) {
          acc += x[l.at(o, j, i)];
        }
        y[l.reduced(o, i)] = (float) (mean ? acc / l.length() : acc);
      }
    }
    return Tensor.wrap(reducedShape(s), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out) {
    Shape s = in.get(0).shape();
    float[] g = spread(ct, s);
    if (mean) {
      float scale = 1f / layout(s).length();
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
    }
    return Tensor.wrap(s, g);
  }
}
