package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Softmax along one axis, {@code y_j = exp(x_j - lse(x))}, keeping the shape. The VJP is {@code y *
 * (ct - sum_j(ct_j y_j))}.
 */
final class Softmax extends AxisOp {
  /** Softmax over {@code axis}; negative counts from the end. */
  Softmax(int axis) {
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
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Shape s = in.get(0).shape();
    Layout l = layout(s);
    float[] x = TensorArrays.data(in.get(0));
    float[] y = new float[x.length];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        double lse = LogSumExp.logSumExp(x, l.at(o, 0, i), l.length(), l.inner());
        for (int j = 0; j < l.length(); j++) {
          y[l.at(o, j, i)] = (float) Math.exp(x[l.at(o, j, i)] - lse);
        }
      }
    }
    return TensorArrays.wrap(s, y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Layout l = layout(out.shape());
    float[] y = TensorArrays.data(out);
    float[] c = TensorArrays.data(ct);
    float[] g = new float[y.length];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        double dot = 0;
        for (int j = 0; j < l.length(); j++) {
          dot += (double) c[l.at(o, j, i)] * y[l.at(o, j, i)];
        }
        for (int j = 0; j < l.length(); j++) {
          int at = l.at(o, j, i);
          g[at] = (float) (y[at] * (c[at] - dot));
        }
      }
    }
    return TensorArrays.wrap(out.shape(), g);
  }
}
