package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.CpuFeatures;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * Adds a bias vector to the last axis: {@code y[..., j] = x[..., j] + b[j]} for {@code x} of shape
 * {@code [..., n]} and {@code b} of shape {@code [n]}.
 *
 * <p>Per-example rule: with {@code x} mapped, example {@code i}'s bias gradient is the sum of its
 * rows of {@code ct}; for a 2-D {@code x} that is row {@code i} itself, so the moments are the
 * column sums of {@code ct} and of {@code ct * ct}, with no {@code [B, n]} copy beyond {@code ct}.
 * Where {@link CpuFeatures#vectorReductions()} allows, {@code VectorBiasMoments} forms them eight
 * columns at a time (same bits); the scalar loop, which C2 does not vectorize, took 1.4 % of the
 * plain step's time in an MLP's sngrad step at B = 512.
 */
final class BiasAdd implements Primitive {
  private static final boolean VECTOR = CpuFeatures.vectorReductions();

  @Override
  public String name() {
    return "bias_add";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 2, "bias_add takes 2 inputs, got %s", in.size());
    Shape x = in.get(0);
    Shape b = in.get(1);
    checkArgument(
        x.rank() >= 1 && b.rank() == 1 && x.dim(-1) == b.dim(0),
        "bias_add: bias %s does not match the last axis of %s", b, x);
    return x;
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    float[] x = TensorArrays.data(in.get(0));
    float[] b = TensorArrays.data(in.get(1));
    int n = b.length;
    float[] y = ctx.buffers().floats(x.length);
    for (int r = 0; r < x.length; r += n) {
      for (int j = 0; j < n; j++) {
        y[r + j] = x[r + j] + b[j];
      }
    }
    return TensorArrays.wrap(in.get(0).shape(), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    return index == 0 ? ct : Broadcast.sumTo(ct, in.get(1).shape());
  }

  @Override
  public PerExampleRule perExampleRule() {
    return new PerExampleRule() {
      @Override
      public Tensor perExampleVjp(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, Tensor out, ExecutionContext ctx) {
        return Broadcast.sumToPerExample(ct, in.get(1).shape());
      }

      @Override
      public Optional<Moments> moments(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, ExecutionContext ctx) {
        if (index != 1 || ct.shape().rank() != 2) {
          return Optional.empty();
        }
        int rows = ct.shape().dim(0);
        int n = ct.shape().dim(1);
        float[] c = TensorArrays.data(ct);
        float[] sum = ctx.buffers().zeros(n);
        float[] sumSq = ctx.buffers().zeros(n);
        columnSums(c, rows, n, sum, sumSq, VECTOR ? VectorBiasMoments.columnSums(c, rows, n, sum, sumSq) : 0);
        Shape s = in.get(1).shape();
        return Optional.of(new Moments(rows, TensorArrays.wrap(s, sum), TensorArrays.wrap(s, sumSq)));
      }
    };
  }

  /**
   * The scalar reference of {@link VectorBiasMoments#columnSums}: adds the column sums of the
   * {@code [rows, n]} matrix {@code c} to {@code sum}, and those of its squares to {@code
   * sumOfSquares}, for the columns {@code [from, n)}, row by row.
   */
  static void columnSums(float[] c, int rows, int n, float[] sum, float[] sumOfSquares, int from) {
    for (int r = 0; r < rows; r++) {
      for (int j = from; j < n; j++) {
        float v = c[r * n + j];
        sum[j] += v;
        sumOfSquares[j] += v * v;
      }
    }
  }

  /** The bias must be shared by all examples. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(!mapped[1], "bias_add: the bias %s must not carry an example axis", in.get(1));
  }

  @Override
  public String toString() {
    return name();
  }
}
