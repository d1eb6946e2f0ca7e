package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Per-example softmax cross-entropy with integer labels, fused and numerically stable: for logits
 * {@code z: [N, C]} and labels {@code y_i in [0, C)}, {@code loss_i = logsumexp(z_i) - z_i[y_i]}, a
 * vector {@code [N]}. The VJP is {@code ct_i * (softmax(z_i) - onehot(y_i))}. Labels are op
 * parameters (not differentiable); the array is copied.
 */
final class SoftmaxCrossEntropy implements Primitive {
  private final int[] labels;

  /** The loss for these class indices, one per row of the logits (copied). */
  SoftmaxCrossEntropy(int[] labels) {
    this.labels = labels.clone();
  }

  @Override
  public String name() {
    return "softmax_cross_entropy";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "softmax_cross_entropy takes 1 input, got %s", in.size());
    Shape z = in.get(0);
    checkArgument(z.rank() == 2, "softmax_cross_entropy: logits must be [N, C], got %s", z);
    checkArgument(
        z.dim(0) == labels.length, "softmax_cross_entropy: logits %s but %s labels", z, labels.length);
    int classes = z.dim(1);
    for (int i = 0; i < labels.length; i++) {
      checkArgument(
          labels[i] >= 0 && labels[i] < classes,
          "softmax_cross_entropy: label %s of example %s outside [0, %s) for logits %s", labels[i], i, classes, z);
    }
    return Shape.of(z.dim(0));
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Tensor z = in.get(0);
    int n = z.shape().dim(0);
    int classes = z.shape().dim(1);
    float[] x = TensorArrays.data(z);
    float[] loss = ctx.buffers().floats(n);
    for (int i = 0; i < n; i++) {
      loss[i] = (float) (LogSumExp.logSumExp(x, i * classes, classes, 1) - x[i * classes + labels[i]]);
    }
    return TensorArrays.wrap(Shape.of(n), loss);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Tensor z = in.get(0);
    int n = z.shape().dim(0);
    int classes = z.shape().dim(1);
    float[] x = TensorArrays.data(z);
    float[] c = TensorArrays.data(ct);
    float[] g = ctx.buffers().floats(x.length);
    for (int i = 0; i < n; i++) {
      int row = i * classes;
      double lse = LogSumExp.logSumExp(x, row, classes, 1);
      for (int j = 0; j < classes; j++) {
        double p = Math.exp(x[row + j] - lse);
        g[row + j] = (float) (c[i] * (p - (j == labels[i] ? 1.0 : 0.0)));
      }
    }
    return TensorArrays.wrap(z.shape(), g);
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
