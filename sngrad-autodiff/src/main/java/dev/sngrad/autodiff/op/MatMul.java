package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * Matrix product {@code y = a b} of {@code a: [..., k]} and a 2-D {@code b: [k, n]}, giving {@code
 * [..., n]}: a plain 2-D product, or a batch of inputs times a shared weight (all leading axes of
 * {@code a} are rows). VJPs: {@code ct_a = ct b^T}, {@code ct_b = a^T ct} with {@code a} seen as
 * {@code [rows, k]}. All products run on the context's {@link MatMulKernel}.
 *
 * <p>Per-example rule, {@code a} mapped with {@code B} examples and {@code b} shared: example
 * {@code i}'s weight gradient is {@code a_i^T ct_i}. For a 2-D {@code a} that is the outer product
 * of row {@code i} of {@code a} and of {@code ct}, so {@code sum_i g_i = a^T ct} and {@code sum_i
 * g_i^2 = (a*a)^T (ct*ct)} (BackPACK's SumGradSquared, arXiv 1912.10985): two products, no {@code
 * [B, k, n]} array, asked for together ({@link MatMulKernel#multiplyAndSquares}); the second is
 * {@link MatMulKernel#multiplySquares}, which squares while packing instead of copying {@code a*a}
 * and {@code ct*ct}, and the Java kernel computes both in one pass over its packed operands.
 */
final class MatMul implements Primitive {
  @Override
  public String name() {
    return "matmul";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 2, "matmul takes 2 inputs, got %s", in.size());
    Shape a = in.get(0);
    Shape b = in.get(1);
    checkArgument(a.rank() >= 1 && b.rank() == 2, "matmul: needs a: [..., k] and b: [k, n], got %s @ %s", a, b);
    checkArgument(a.dim(-1) == b.dim(0), "matmul: inner dimensions differ: %s @ %s", a, b);
    return a.with(-1, b.dim(1));
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Tensor a = in.get(0);
    Tensor b = in.get(1);
    int k = b.shape().dim(0);
    int n = b.shape().dim(1);
    int rows = a.size() / k;
    float[] c = ctx.buffers().floats(rows * n); // the kernel overwrites C
    ctx.multiply(TensorArrays.data(a), false, TensorArrays.data(b), false, c, rows, n, k);
    return TensorArrays.wrap(a.shape().with(-1, n), c);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Tensor a = in.get(0);
    Tensor b = in.get(1);
    int k = b.shape().dim(0);
    int n = b.shape().dim(1);
    int rows = a.size() / k;
    if (index == 0) {
      float[] g = ctx.buffers().floats(rows * k);
      ctx.multiply(TensorArrays.data(ct), false, TensorArrays.data(b), true, g, rows, k, n);
      return TensorArrays.wrap(a.shape(), g);
    }
    float[] g = ctx.buffers().floats(k * n);
    ctx.multiply(TensorArrays.data(a), true, TensorArrays.data(ct), false, g, k, n, rows);
    return TensorArrays.wrap(b.shape(), g);
  }

  @Override
  public PerExampleRule perExampleRule() {
    return new PerExampleRule() {
      @Override
      public Tensor perExampleVjp(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, Tensor out, ExecutionContext ctx) {
        Tensor a = in.get(0);
        int examples = a.shape().dim(0);
        int k = in.get(1).shape().dim(0);
        int n = in.get(1).shape().dim(1);
        int rows = a.size() / (examples * k); // rows per example: 1 for a 2-D a
        float[] ad = TensorArrays.data(a);
        float[] cd = TensorArrays.data(ct);
        float[] g = new float[examples * k * n];
        if (rows == 1) {
          outerProducts(ad, cd, g, examples, k, n);
          return TensorArrays.wrap(in.get(1).shape().prepend(examples), g);
        }
        float[] ai = new float[rows * k];
        float[] ci = new float[rows * n];
        float[] gi = new float[k * n];
        for (int i = 0; i < examples; i++) {
          System.arraycopy(ad, i * rows * k, ai, 0, rows * k);
          System.arraycopy(cd, i * rows * n, ci, 0, rows * n);
          ctx.multiply(ai, true, ci, false, gi, k, n, rows);
          System.arraycopy(gi, 0, g, i * k * n, k * n);
        }
        return TensorArrays.wrap(in.get(1).shape().prepend(examples), g);
      }

      @Override
      public Optional<Moments> moments(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, ExecutionContext ctx) {
        Tensor a = in.get(0);
        if (index != 1 || a.shape().rank() != 2) {
          return Optional.empty(); // with several rows per example, squares of sums do not split
        }
        int examples = a.shape().dim(0);
        int k = a.shape().dim(1);
        int n = ct.shape().dim(1);
        float[] sum = ctx.buffers().floats(k * n);
        float[] sumSq = ctx.buffers().floats(k * n);
        ctx.kernel().multiplyAndSquares(
            ctx.threads(), TensorArrays.data(a), true, TensorArrays.data(ct), false, sum, sumSq, k, n, examples);
        Shape s = in.get(1).shape();
        return Optional.of(new Moments(examples, TensorArrays.wrap(s, sum), TensorArrays.wrap(s, sumSq)));
      }
    };
  }

  /**
   * {@code g[i] = a[i] (outer) ct[i]} for {@code i < examples}, {@code a: [examples, k]}, {@code ct:
   * [examples, n]}: one rounded product per element, the same value as a depth-1 matrix product.
   */
  private static void outerProducts(float[] a, float[] ct, float[] g, int examples, int k, int n) {
    for (int i = 0; i < examples; i++) {
      int ctRow = i * n;
      for (int p = 0; p < k; p++) {
        float ap = a[i * k + p];
        int at = (i * k + p) * n;
        for (int q = 0; q < n; q++) {
          g[at + q] = ap * ct[ctRow + q];
        }
      }
    }
  }

  /** Examples may flow through {@code a} only; {@code b} is the shared weight. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(
        !mapped[1], "matmul: the right operand %s must not carry an example axis (left operand %s)",
        in.get(1), in.get(0));
    checkArgument(
        !mapped[0] || in.get(0).rank() >= 2,
        "matmul: a mapped left operand needs an example axis and a feature axis, got %s", in.get(0));
  }

  @Override
  public String toString() {
    return name();
  }
}
