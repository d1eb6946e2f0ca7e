package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Maximum along one axis, removing it. The VJP sends the cotangent to the maximal entries, split
 * equally among ties, as JAX's {@code reduce_max} does.
 */
public final class Max extends AxisReduction {
  public Max(int axis) {
    super(axis);
  }

  @Override
  public String name() {
    return "max";
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
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          float v = x[(o * len + j) * inner + i];
          if (v > m || Float.isNaN(v)) {
            m = v;
          }
          if (Float.isNaN(m)) {
            break;
          }
        }
        y[o * inner + i] = m;
      }
    }
    return Tensor.wrap(s.remove(a), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out) {
    Shape s = in.get(0).shape();
    int a = s.normalizeAxis(axis);
    int outer = s.outerSize(a);
    int len = s.dim(a);
    int inner = s.innerSize(a);
    float[] x = in.get(0).rawData();
    float[] m = out.rawData();
    float[] c = ct.rawData();
    float[] g = new float[x.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int r = o * inner + i;
        int ties = 0;
        for (int j = 0; j < len; j++) {
          if (x[(o * len + j) * inner + i] == m[r]) {
            ties++;
          }
        }
        for (int j = 0; j < len; j++) {
          int at = (o * len + j) * inner + i;
          if (x[at] == m[r]) {
            g[at] = c[r] / ties;
          }
        }
      }
    }
    return Tensor.wrap(s, g);
  }
}
