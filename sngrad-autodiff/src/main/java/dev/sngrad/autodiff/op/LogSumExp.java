package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * {@code log(sum(exp(x)))} along one axis, removing it, computed stably as {@code m + log(sum(exp(x
 * - m)))} with {@code m} the maximum (in double). The VJP is {@code ct * softmax(x)}.
 */
final class LogSumExp extends AxisReduction {
  /** Log-sum-exp over {@code axis}; negative counts from the end. */
  LogSumExp(int axis) {
    super(axis);
  }

  @Override
  public String name() {
    return "logsumexp";
  }

  @Override
  protected double reduceLine(float[] x, int start, int length, int stride) {
    return logSumExp(x, start, length, stride);
  }

  /** Stable log-sum-exp of {@code len} values starting at {@code start}, {@code stride} apart. */
  static double logSumExp(float[] x, int start, int len, int stride) {
    double m = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < len; j++) {
      m = Math.max(m, x[start + j * stride]);
    }
    if (Double.isInfinite(m)) {
      return m; // all -inf gives -inf; any +inf gives +inf (avoids inf - inf = NaN)
    }
    double sum = 0;
    for (int j = 0; j < len; j++) {
      sum += Math.exp(x[start + j * stride] - m);
    }
    return m + Math.log(sum);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Shape s = in.get(0).shape();
    float[] x = TensorArrays.data(in.get(0));
    float[] lse = spread(out, s);
    float[] c = spread(ct, s);
    float[] g = new float[x.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = c[i] * (float) Math.exp((double) x[i] - lse[i]);
    }
    return TensorArrays.wrap(s, g);
  }
}
