package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;
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
    int a = s.normalizeAxis(axis);
    int outer = s.outerSize(a);
    int len = s.dim(a);
    int inner = s.innerSize(a);
    float[] x = in.get(0).rawData();
    float[] y = new float[outer * inner];
    double[] acc = new double[inner];
    for (int o = 0; o < outer; o++) {
      Arrays.fill(acc, 0.0);
      for (int j = 0; j < len; j++) {
        int base = (o * len + j) * inner;
        for (int i = 0; i < inner; i++) {
          acc[i] += x[base + i];
        }
      }
      for (int i = 0; i < inner; i++) {
        y[o * inner + i] = (float) (mean ? acc[i] / len : acc[i]);
      }
    }
    return Tensor.wrap(s.remove(a), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out) {
    Shape s = in.get(0).shape();
    float[] g = spread(ct, s, axis);
    if (mean) {
      float scale = 1f / s.dim(axis);
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
    }
    return Tensor.wrap(s, g);
  }
}
