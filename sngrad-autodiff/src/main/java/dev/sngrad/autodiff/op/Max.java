package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Maximum along one axis, removing it (NaN if any entry is NaN). The VJP sends the cotangent to
 * the maximal entries, split equally among ties, as JAX's {@code reduce_max} does.
 */
final class Max extends AxisReduction {
  /** The maximum over {@code axis}; negative counts from the end. */
  Max(int axis) {
    super(axis);
  }

  @Override
  public String name() {
    return "max";
  }

  @Override
  protected double reduceLine(float[] x, int start, int length, int stride) {
    float m = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < length && !Float.isNaN(m); j++) {
      float v = x[start + j * stride];
      if (v > m || Float.isNaN(v)) {
        m = v;
      }
    }
    return m;
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Shape s = in.get(0).shape();
    Layout l = layout(s);
    float[] x = TensorArrays.data(in.get(0));
    float[] m = TensorArrays.data(out);
    float[] c = TensorArrays.data(ct);
    float[] g = new float[x.length];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        float max = m[l.reduced(o, i)];
        int ties = 0;
        for (int j = 0; j < l.length(); j++) {
          ties += x[l.at(o, j, i)] == max ? 1 : 0;
        }
        for (int j = 0; j < l.length(); j++) {
          if (x[l.at(o, j, i)] == max) {
            g[l.at(o, j, i)] = c[l.reduced(o, i)] / ties;
          }
        }
      }
    }
    return TensorArrays.wrap(s, g);
  }
}
