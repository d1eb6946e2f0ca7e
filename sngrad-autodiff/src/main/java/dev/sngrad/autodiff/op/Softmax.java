package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Softmax along one axis, {@code y_j = exp(x_j - lse(x))}, keeping the shape. The VJP is {@code y *
 * (ct - sum_j(ct_j y_j))}.
 */
public final class Softmax extends AxisReduction {
  public Softmax(int axis) {
    super(axis);
  }

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  protected boolean removesAxis() {
    return false;
  }

  @Override
  public Tensor forward(List<Tensor> in) {
    Shape s = in.get(0).shape();
    int a = s.normalizeAxis(axis);
    int outer = s.outerSize(a);
    int len = s.dim(a);
    int inner = s.innerSize(a);
    float[] x = in.get(0).rawData();
    float[] y = new float[x.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int start = o * len * inner + i;
        double lse = LogSumExp.logSumExp(x, start, len, inner);
        for (int j = 0; j < len; j++) {
          y[start + j * inner] = (float) Math.exp(x[start + j * inner] - lse);
        }
      }
    }
    return Tensor.wrap(s, y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out) {
    Shape s = out.shape();
    int a = s.normalizeAxis(axis);
    int outer = s.outerSize(a);
    int len = s.dim(a);
    int inner = s.innerSize(a);
    float[] y = out.rawData();
    float[] c = ct.rawData();
    float[] g = new float[y.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int start = o * len * inner + i;
        double dot = 0;
        for (int j = 0; j < len; j++) {
          dot += (double) c[start + j * inner] * y[start + j * inner];
        }
        for (int j = 0; j < len; j++) {
          int at = start + j * inner;
          g[at] = (float) (y[at] * (c[at] - dot));
        }
      }
    }
    return Tensor.wrap(s, g);
  }
}
