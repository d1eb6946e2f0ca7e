package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/** Transpose of a matrix, {@code [m, n] -> [n, m]}; its VJP is the transpose of the cotangent. */
final class Transpose implements Primitive {
  @Override
  public String name() {
    return "transpose";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "transpose takes 1 input, got %s", in.size());
    checkArgument(in.get(0).rank() == 2, "transpose: needs a matrix, got %s", in.get(0));
    return Shape.of(in.get(0).dim(1), in.get(0).dim(0));
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    return transpose(in.get(0));
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    return transpose(ct);
  }

  static Tensor transpose(Tensor t) {
    int m = t.shape().dim(0);
    int n = t.shape().dim(1);
    float[] x = TensorArrays.data(t);
    float[] y = new float[x.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        y[j * m + i] = x[i * n + j];
      }
    }
    return TensorArrays.wrap(Shape.of(n, m), y);
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  /** Transposing a mapped matrix would move the example axis. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(!mapped[0], "transpose: would move the example axis of %s", in.get(0));
  }

  @Override
  public String toString() {
    return name();
  }
}
