package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Base of the normalizations with a learned affine map ({@link LayerNorm}, {@link GroupNorm}):
 * inputs {@code x, gamma, beta}. The flattened {@code x} falls into groups of {@code n} consecutive
 * elements; each group is normalized with its own mean and population variance, {@code xhat =
 * (x - mean) / sqrt(var + eps)}, and then {@code y = xhat * gamma[c] + beta[c]}, where the channel
 * {@code c} of flat element {@code i} is {@code (i / spatial) % channels}. The subclasses only check
 * shapes and say how their input falls into groups and channels ({@link Layout}).
 *
 * <p>VJPs, with {@code g = ct * gamma[c]} and means over the {@code n} elements of a group: {@code
 * ct_x = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps)}, {@code ct_gamma[c] = sum ct *
 * xhat} and {@code ct_beta[c] = sum ct}, the sums running over every element of channel {@code c}.
 * The statistics are recomputed in the backward pass instead of being kept from the forward one
 * (one read of {@code x}); the output cannot stand in for {@code xhat} where {@code gamma} is 0.
 *
 * <p>Per-example rule: a group never spans two examples, so these ops never mix examples as long as
 * {@code gamma} and {@code beta} carry no example axis (they are parameters). Example {@code b}'s
 * cotangent of {@code gamma} (or {@code beta}) has the sums above restricted to its own elements:
 * one vector of {@code gamma}'s size per example, computed from that example's slice alone. {@link
 * PerExampleRule#moments} streams these vectors into the sum and sum of squares one example at a
 * time, so the statistics never hold {@code [B, ...gamma]}; the cost is that of the plain VJP.
 */
abstract class AffineNormalization implements Primitive {
  /** Added to the variance inside the square root, as PyTorch does. */
  protected final double eps;

  /** A normalization with {@code eps} added to the variance; {@code eps} must be finite and {@code >= 0}. */
  protected AffineNormalization(double eps) {
    checkArgument(eps >= 0 && Double.isFinite(eps), "%s: eps must be finite and >= 0, got %s", name(), eps);
    this.eps = eps;
  }

  /**
   * How a flattened input falls into groups and channels.
   *
   * @param groupLength {@code n}: the number of consecutive elements normalized together
   * @param spatial how many consecutive elements share a channel (1 when every element has its own)
   * @param channels the length of {@code gamma} and {@code beta} (flattened)
   */
  protected record Layout(int groupLength, int spatial, int channels) {}

  /** The layout of inputs of these shapes, which have passed {@link #outputShape}. */
  protected abstract Layout layout(Shape x, Shape gamma);

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Layout l = layout(in.get(0).shape(), in.get(1).shape());
    float[] x = TensorArrays.data(in.get(0));
    float[] gamma = TensorArrays.data(in.get(1));
    float[] beta = TensorArrays.data(in.get(2));
    double[] stats = statistics(x, l.groupLength());
    float[] y = ctx.buffers().floats(x.length);
    int channelsPerGroup = l.groupLength() / l.spatial();
    for (int g = 0, at = 0; g < stats.length / 2; g++) {
      double mean = stats[2 * g];
      double rstd = stats[2 * g + 1];
      int first = firstChannel(g, l);
      for (int c = first; c < first + channelsPerGroup; c++) {
        float scale = gamma[c];
        float shift = beta[c];
        for (int s = 0; s < l.spatial(); s++, at++) {
          y[at] = (float) ((x[at] - mean) * rstd) * scale + shift;
        }
      }
    }
    return TensorArrays.wrap(in.get(0).shape(), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Layout l = layout(in.get(0).shape(), in.get(1).shape());
    float[] x = TensorArrays.data(in.get(0));
    double[] stats = statistics(x, l.groupLength());
    if (index == 0) {
      return TensorArrays.wrap(in.get(0).shape(), inputCotangent(x, TensorArrays.data(ct), TensorArrays.data(in.get(1)), stats, l, ctx));
    }
    double[] sum = new double[l.channels()];
    addParameterCotangent(index, x, TensorArrays.data(ct), stats, l, 0, stats.length / 2, sum);
    return TensorArrays.wrap(in.get(index).shape(), toFloats(sum, ctx));
  }

  /**
   * For each group, its mean and {@code 1 / sqrt(var + eps)} at {@code [2g]} and {@code [2g + 1]},
   * with the population variance.
   *
   * <p>One pass: the sums of {@code d = x - x0} and {@code d^2} in double, {@code x0} being the
   * group's first element. Without the shift, {@code E[x^2] - E[x]^2} cancels catastrophically when
   * the mean is large against the spread; with it only the spread of {@code x - x0} matters
   * ("shifted data", Chan, Golub and LeVeque, Am. Stat. 37(3), 1983). The difference of two floats
   * is exact in double unless their exponents differ by more than 29, and each square and sum adds
   * one rounding of {@code 2^-53} relative, so the error stays near {@code n * 2^-53}, far below
   * float resolution, without Welford's division per element.
   */
  private double[] statistics(float[] x, int groupLength) {
    int groups = x.length / groupLength;
    double[] stats = new double[2 * groups];
    for (int g = 0; g < groups; g++) {
      int from = g * groupLength;
      double shift = x[from];
      double sum = 0;
      double sumOfSquares = 0;
      for (int i = from; i < from + groupLength; i++) {
        double d = x[i] - shift;
        sum += d;
        sumOfSquares += d * d;
      }
      double meanOfShifted = sum / groupLength;
      double variance = Math.max(0, sumOfSquares / groupLength - meanOfShifted * meanOfShifted);
      stats[2 * g] = shift + meanOfShifted;
      stats[2 * g + 1] = 1 / Math.sqrt(variance + eps);
    }
    return stats;
  }

  /** The channel of group {@code g}'s first element. */
  private static int firstChannel(int g, Layout l) {
    return (int) ((long) g * l.groupLength() / l.spatial() % l.channels());
  }

  /** {@code ct_x}, group by group: {@code (g - mean(g) - xhat * mean(g * xhat)) * rstd}. */
  private static float[] inputCotangent(float[] x, float[] ct, float[] gamma, double[] stats, Layout l, ExecutionContext ctx) {
    float[] dx = ctx.buffers().floats(x.length);
    int n = l.groupLength();
    int channelsPerGroup = n / l.spatial();
    for (int g = 0; g < stats.length / 2; g++) {
      double mean = stats[2 * g];
      double rstd = stats[2 * g + 1];
      int first = firstChannel(g, l);
      double sumG = 0;
      double sumGXhat = 0;
      for (int c = first, at = g * n; c < first + channelsPerGroup; c++) {
        for (int s = 0; s < l.spatial(); s++, at++) {
          double scaled = (double) ct[at] * gamma[c];
          sumG += scaled;
          sumGXhat += scaled * ((x[at] - mean) * rstd);
        }
      }
      double meanG = sumG / n;
      double meanGXhat = sumGXhat / n;
      for (int c = first, at = g * n; c < first + channelsPerGroup; c++) {
        for (int s = 0; s < l.spatial(); s++, at++) {
          double xhat = (x[at] - mean) * rstd;
          dx[at] = (float) (((double) ct[at] * gamma[c] - meanG - xhat * meanGXhat) * rstd);
        }
      }
    }
    return dx;
  }

  /**
   * Adds, over groups {@code [fromGroup, toGroup)}, {@code ct * xhat} ({@code index} 1, gamma) or
   * {@code ct} ({@code index} 2, beta) to {@code sum[c]} for each element's channel {@code c}.
   */
  private static void addParameterCotangent(
      int index, float[] x, float[] ct, double[] stats, Layout l, int fromGroup, int toGroup, double[] sum) {
    int n = l.groupLength();
    int channelsPerGroup = n / l.spatial();
    for (int g = fromGroup; g < toGroup; g++) {
      double mean = stats[2 * g];
      double rstd = stats[2 * g + 1];
      int first = firstChannel(g, l);
      for (int c = first, at = g * n; c < first + channelsPerGroup; c++) {
        double acc = 0;
        for (int s = 0; s < l.spatial(); s++, at++) {
          acc += index == 1 ? ct[at] * ((x[at] - mean) * rstd) : ct[at];
        }
        sum[c] += acc;
      }
    }
  }

  @Override
  public PerExampleRule perExampleRule() {
    return new PerExampleRule() {
      @Override
      public Tensor perExampleVjp(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, Tensor out, ExecutionContext ctx) {
        PerExampleCotangents c = new PerExampleCotangents(index, ct, in);
        float[] g = new float[c.examples * c.layout.channels()];
        float[] row = new float[c.layout.channels()];
        for (int b = 0; b < c.examples; b++) {
          c.example(b, row);
          System.arraycopy(row, 0, g, b * row.length, row.length);
        }
        return TensorArrays.wrap(in.get(index).shape().prepend(c.examples), g);
      }

      @Override
      public Optional<Moments> moments(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, ExecutionContext ctx) {
        PerExampleCotangents c = new PerExampleCotangents(index, ct, in);
        int channels = c.layout.channels();
        double[] sum = new double[channels];
        double[] sumOfSquares = new double[channels];
        float[] row = new float[channels];
        for (int b = 0; b < c.examples; b++) {
          c.example(b, row);
          for (int j = 0; j < channels; j++) {
            sum[j] += row[j];
            sumOfSquares[j] += (double) row[j] * row[j];
          }
        }
        Shape s = in.get(index).shape();
        return Optional.of(new Moments(c.examples, TensorArrays.wrap(s, toFloats(sum, ctx)), TensorArrays.wrap(s, toFloats(sumOfSquares, ctx))));
      }
    };
  }

  /** The per-example cotangents of {@code gamma} or {@code beta}, one example at a time. */
  private final class PerExampleCotangents {
    private final int index;
    private final float[] x;
    private final float[] ct;
    private final Layout layout;
    private final double[] stats;
    private final int examples;
    private final int groupsPerExample;
    private final double[] sum;

    PerExampleCotangents(int index, Tensor ct, List<Tensor> in) {
      checkArgument(index != 0, "%s: the input x is mapped; it has no per-example cotangent", name());
      this.index = index;
      this.x = TensorArrays.data(in.get(0));
      this.ct = TensorArrays.data(ct);
      this.layout = layout(in.get(0).shape(), in.get(1).shape());
      this.stats = statistics(x, layout.groupLength());
      this.examples = in.get(0).shape().dim(0);
      this.groupsPerExample = stats.length / 2 / examples;
      this.sum = new double[layout.channels()];
    }

    /** Writes example {@code b}'s cotangent into {@code row}. */
    void example(int b, float[] row) {
      Arrays.fill(sum, 0);
      addParameterCotangent(index, x, ct, stats, layout, b * groupsPerExample, (b + 1) * groupsPerExample, sum);
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) sum[j];
      }
    }
  }

  private static float[] toFloats(double[] values, ExecutionContext ctx) {
    float[] f = ctx.buffers().floats(values.length);
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  /** {@code gamma} and {@code beta} are parameters: neither may carry the example axis. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(
        !mapped[1] && !mapped[2],
        "%s: gamma %s and beta %s are shared by all examples and must not carry an example axis (input %s)",
        name(), in.get(1), in.get(2), in.get(0));
  }

  @Override
  public String toString() {
    return name() + "(eps=" + eps + ")";
  }
}
