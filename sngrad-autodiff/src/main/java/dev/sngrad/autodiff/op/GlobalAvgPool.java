package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Global average pooling, {@code y[n, c] = mean_{h, w} x[n, c, h, w]}: {@code [B, C, H, W] -> [B,
 * C]}; VJP {@code ct_x[n, c, h, w] = ct[n, c] / (H W)}. Each plane is reduced on its own (the sum
 * in double), so examples never mix.
 */
final class GlobalAvgPool implements Primitive {
  @Override
  public String name() {
    return "global_avg_pool";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "global_avg_pool takes 1 input, got %s", in.size());
    Shape x = in.get(0);
    checkArgument(x.rank() == 4, "global_avg_pool: needs input [B, C, H, W], got %s", x);
    return Shape.of(x.dim(0), x.dim(1));
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Shape xs = in.get(0).shape();
    float[] x = TensorArrays.data(in.get(0));
    int area = xs.dim(2) * xs.dim(3);
    float[] y = ctx.buffers().floats(xs.dim(0) * xs.dim(1));
    for (int plane = 0; plane < y.length; plane++) {
      double sum = 0;
      for (int i = plane * area, end = i + area; i < end; i++) {
        sum += x[i];
      }
      y[plane] = (float) (sum / area);
    }
    return TensorArrays.wrap(Shape.of(xs.dim(0), xs.dim(1)), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Shape xs = in.get(0).shape();
    int area = xs.dim(2) * xs.dim(3);
    float[] c = TensorArrays.data(ct);
    float[] dx = ctx.buffers().floats(xs.size());
    for (int plane = 0; plane < c.length; plane++) {
      java.util.Arrays.fill(dx, plane * area, (plane + 1) * area, c[plane] / area);
    }
    return TensorArrays.wrap(xs, dx);
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  @Override
  public String toString() {
    return name();
  }
}
