package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.CpuFeatures;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Accumulates per-example gradient statistics, in double, one parameter at a time, from either
 * materialized per-example gradients or fused {@link Moments}; {@link #snapshot()} gives an
 * immutable {@link GradientStats}. Mutable and not thread-safe, like Guava's {@code
 * StatsAccumulator}, whose split into accumulator and snapshot this follows.
 *
 * <p>Materialized gradients are added with Welford's update (Knuth, TAOCP vol. 2, 3rd ed.,
 * section 4.2.2), which keeps a mean and a sum of squared deviations {@code m2} and gives exactly 0
 * for identical examples. Partial results are merged with the pairwise formula of Chan, Golub and
 * LeVeque (1979): {@code m2 = m2_a + m2_b + delta^2 n_a n_b / n}.
 *
 * <p>Fused moments arrive as float sums {@code s = sum g} and {@code q = sum g^2}; their {@code m2 =
 * q - s^2/n} suffers cancellation. Its rounding error is below {@code (4n + 4) u q} with {@code u =
 * 2^-24} (n float additions in each sum, a few roundings per product), so a computed {@code m2}
 * under that bound (summed over the batches added) cannot be told from 0 and is reported as
 * exactly 0 ({@code n = 1} always gives 0). This only affects parameters whose spread is below about {@code 2 sqrt(n u)} of their
 * root mean square.
 */
public final class GradientStatsAccumulator {
  static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;
  private static final boolean VECTOR = CpuFeatures.vectorApi();

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** An empty accumulator: no parameter and no example added yet. */
  public GradientStatsAccumulator() {}

  private static final class Entry {
    final Shape shape;
    long count;
    double[] mean;
    double[] m2;
    /** Bound on the rounding error in {@code m2} from fused moments; 0 for materialized input. */
    double[] roundingBound;
    /**
     * The moments that were the only input so far, not yet folded into the arrays above: a batch
     * taken in one piece goes straight to {@link #snapshot()} in one pass, with the same arithmetic.
     */
    Moments pending;

    /** Whether {@link #pending}'s arrays were handed over, so {@link #finish} may overwrite them. */
    boolean pendingOwned;

    Entry(Shape shape) {
      this.shape = shape;
    }

    /** Makes the arrays hold everything added, folding in the pending moments. */
    void materialize() {
      if (mean == null) {
        mean = new double[shape.size()];
        m2 = new double[shape.size()];
        roundingBound = new double[shape.size()];
      }
      if (pending != null) {
        Moments moments = pending;
        pending = null;
        pendingOwned = false;
        count = 0;
        accumulate(this, moments);
      }
    }
  }

  /**
   * Adds the per-example gradients {@code [n, ...shape]} of parameter {@code name} (not modified).
   *
   * @param name the parameter's name, e.g. {@code dense1/weight}
   * @param perExample the gradients of {@code n} examples stacked on axis 0, each of the parameter's shape
   * @throws IllegalArgumentException if {@code perExample} is a scalar or its example shape differs
   *     from what was added for {@code name} before
   */
  public void addExamples(String name, Tensor perExample) {
    Shape shape = perExample.shape().dropFirst();
    Entry e = entry(name, shape);
    e.materialize();
    int n = perExample.shape().dim(0);
    int p = shape.size();
    float[] g = TensorArrays.data(perExample);
    for (int i = 0; i < n; i++) {
      e.count++;
      double inv = 1.0 / e.count;
      int base = i * p;
      for (int j = 0; j < p; j++) {
        double delta = g[base + j] - e.mean[j];
        e.mean[j] += delta * inv;
        e.m2[j] += delta * (g[base + j] - e.mean[j]);
      }
    }
  }

  /**
   * Adds the sums over {@code moments.count()} examples of parameter {@code name}; the tensors are
   * read later and must not change.
   *
   * @param name the parameter's name, e.g. {@code dense1/weight}
   * @param moments the sum and sum of squares of the per-example gradients of one or more examples
   * @throws IllegalArgumentException if {@code moments} count no examples or their shape differs
   *     from what was added for {@code name} before
   */
  public void addMoments(String name, Moments moments) {
    addMoments(name, moments, false);
  }

  /**
   * {@link #addMoments} for moments whose arrays nobody else reads: {@link #finish} may write the
   * mean and variance over them instead of into fresh arrays.
   */
  void addOwnedMoments(String name, Moments moments) {
    addMoments(name, moments, true);
  }

  private void addMoments(String name, Moments moments, boolean owned) {
    checkArgument(moments.count() > 0, "moments of '%s' over no examples", name);
    Entry e = entry(name, moments.sum().shape());
    if (e.count == 0 && e.pending == null) {
      e.pending = moments;
      e.pendingOwned = owned;
      e.count = moments.count();
      return;
    }
    e.materialize();
    accumulate(e, moments);
  }

  private static void accumulate(Entry e, Moments moments) {
    int n = moments.count();
    float[] s = TensorArrays.data(moments.sum());
    float[] q = TensorArrays.data(moments.sumOfSquares());
    double relativeBound = (4.0 * n + 4.0) * FLOAT_UNIT_ROUNDOFF;
    long na = e.count;
    long total = na + n;
    for (int j = 0; j < s.length; j++) {
      double meanB = s[j] / (double) n;
      double m2B = n == 1 ? 0.0 : Math.max(0.0, q[j] - (double) s[j] * s[j] / n);
      double delta = meanB - e.mean[j];
      e.mean[j] += delta * n / total;
      e.m2[j] += m2B + delta * delta * ((double) na * n / total);
      e.roundingBound[j] += relativeBound * q[j];
    }
    e.count = total;
  }

  private Entry entry(String name, Shape shape) {
    Entry e = entries.computeIfAbsent(name, k -> new Entry(shape));
    checkArgument(e.shape.equals(shape), "parameter '%s' had shape %s, now %s", name, e.shape, shape);
    return e;
  }

  /**
   * The moments of parameter {@code name} when they are all that was added for it (one batch, in
   * one piece), else empty.
   */
  Optional<Moments> onlyMoments(String name) {
    Entry e = entries.get(name);
    return e == null ? Optional.empty() : Optional.ofNullable(e.pending);
  }

  /**
   * Number of examples added for each parameter.
   *
   * @return the number of examples, the same for every parameter
   * @throws IllegalStateException if nothing was added or two parameters have different counts
   */
  public long count() {
    checkState(!entries.isEmpty(), "no gradients added");
    long count = entries.values().iterator().next().count;
    entries.forEach((name, e) ->
        checkState(e.count == count, "parameter '%s' has %s examples, others %s", name, e.count, count));
    return count;
  }

  /** Elements per chunk of the one-pass snapshot; a multiple of 4, the vector width. */
  static final int CHUNK = 1 << 15;

  /**
   * The mean and population variance of everything added so far, as float32 tensors.
   *
   * @return the statistics, in new arrays, with the parameters in the order they were first added
   * @throws IllegalStateException if nothing was added or two parameters have different counts
   */
  public GradientStats snapshot() {
    return snapshot(ExecutionContext.threads(1));
  }

  /**
   * {@link #snapshot()} with the one-pass case spread over the threads of {@code ctx} (see {@link
   * ExecutionContext#forEachChunk}); the same bits for every kernel, since each element is computed
   * on its own.
   *
   * @param ctx whose threads run the one-pass case
   * @return the statistics, in new arrays, with the parameters in the order they were first added
   * @throws IllegalStateException if nothing was added or two parameters have different counts
   */
  public GradientStats snapshot(ExecutionContext ctx) {
    return snapshot(ctx, false);
  }

  /**
   * {@link #snapshot(ExecutionContext)}, after which this accumulator is empty: the one-pass snapshot
   * of {@linkplain #addOwnedMoments owned} moments writes the mean over their sums and the
   * variance over their sums of squares (element {@code j} is read before it is written), which
   * saves two parameter-sized arrays per training step.
   */
  GradientStats finish(ExecutionContext ctx) {
    GradientStats stats = snapshot(ctx, true);
    entries.clear();
    return stats;
  }

  private GradientStats snapshot(ExecutionContext ctx, boolean overwriteOwned) {
    long count = count();
    Params.Builder mean = Params.builder();
    Params.Builder variance = Params.builder();
    entries.forEach((name, e) -> {
      boolean inPlace = overwriteOwned && e.pending != null && e.pendingOwned;
      float[] m = inPlace ? TensorArrays.data(e.pending.sum()) : new float[e.shape.size()];
      float[] v = inPlace ? TensorArrays.data(e.pending.sumOfSquares()) : new float[e.shape.size()];
      if (e.pending != null) {
        Moments moments = e.pending;
        ctx.forEachChunk((m.length + CHUNK - 1) / CHUNK,
            c -> snapshotOfOneAdd(moments, m, v, c * CHUNK, Math.min(m.length, (c + 1) * CHUNK), 0));
      } else {
        for (int j = 0; j < m.length; j++) {
          m[j] = (float) e.mean[j];
          v[j] = e.m2[j] <= e.roundingBound[j] ? 0f : (float) (e.m2[j] / count);
        }
      }
      mean.put(name, TensorArrays.wrap(e.shape, m));
      variance.put(name, TensorArrays.wrap(e.shape, v));
    });
    return new GradientStats(mean.build(), variance.build(), count);
  }

  /**
   * The mean and population variance of the elements {@code [from, to)} of one batch of {@code
   * moments}, written to {@code mean[at ...]} and {@code variance[at ...]}: the bits that {@link
   * #snapshot()} gives for an accumulator holding only these moments. For passes that go on from
   * the statistics of a block of elements while it is in cache; {@code from} must be a multiple of
   * 4.
   *
   * @param moments the sums over one batch of one parameter's per-example gradients
   * @param from the first element, a multiple of 4
   * @param to one past the last element, at most the parameter's size
   * @param mean receives the means, from index {@code at}
   * @param variance receives the population variances, from index {@code at}
   * @param at where element {@code from} goes in {@code mean} and {@code variance}
   * @throws IllegalArgumentException if the range is out of bounds, {@code from} is not a multiple
   *     of 4, or the arrays are too short
   */
  public static void meanAndVariance(Moments moments, int from, int to, float[] mean, float[] variance, int at) {
    // Plain ifs: checkArgument with more than two arguments boxes them on every call, and this runs
    // once per block of every training step.
    if (!(from % 4 == 0 && from >= 0 && from <= to && to <= moments.sum().size())) {
      throw new IllegalArgumentException(String.format(
          "elements [%s, %s) of %s moments (from must be a multiple of 4)", from, to, moments.sum().size()));
    }
    if (!(at >= 0 && at + (to - from) <= Math.min(mean.length, variance.length))) {
      throw new IllegalArgumentException(String.format(
          "%s elements do not fit at %s in arrays of %s and %s", to - from, at, mean.length, variance.length));
    }
    snapshotOfOneAdd(moments, mean, variance, from, to, from - at);
  }

  /**
   * What {@link #accumulate} into zeroed arrays followed by the snapshot loop gives, operation for
   * operation (so to the last bit), in one pass and without the three double arrays; four
   * elements at a time by {@link VectorMomentsSnapshot} where the JVM has the Vector API. Element
   * {@code j} of the moments goes to {@code m[j - shift]} and {@code v[j - shift]}.
   */
  private static void snapshotOfOneAdd(Moments moments, float[] m, float[] v, int from, int to, int shift) {
    snapshotOfOneAdd(moments, m, v, from, to, shift, VECTOR);
  }

  /** {@link #snapshotOfOneAdd} with the form given: {@code vector} needs the Vector API module. */
  static void snapshotOfOneAdd(Moments moments, float[] m, float[] v, int from, int to, int shift, boolean vector) {
    int n = moments.count();
    float[] s = TensorArrays.data(moments.sum());
    float[] q = TensorArrays.data(moments.sumOfSquares());
    int body = vector ? VectorMomentsSnapshot.fill(n, s, q, m, v, from, to, shift) : from;
    fillOfOneAdd(n, s, q, m, v, body, to, shift);
  }

  /**
   * The scalar reference of {@link VectorMomentsSnapshot#fill}, one element at a time: {@code m}
   * and {@code v} for the elements {@code [from, to)} of {@code n} examples' sums {@code s} and
   * sums of squares {@code q}, element {@code j} at {@code j - shift}.
   */
  static void fillOfOneAdd(int n, float[] s, float[] q, float[] m, float[] v, int from, int to, int shift) {
    // For a power-of-two n every division by n is a multiplication by 1/n (see isPowerOfTwo) and
    // delta * n / n is delta exactly: the same bits without the divisions, which dominated the pass.
    boolean exact = isPowerOfTwo(n);
    double inverse = 1.0 / n;
    double relativeBound = (4.0 * n + 4.0) * FLOAT_UNIT_ROUNDOFF;
    long na = 0; // the general path's count before this batch
    long total = n;
    for (int j = from; j < to; j++) {
      double meanB = exact ? s[j] * inverse : s[j] / (double) n;
      double square = (double) s[j] * s[j];
      double m2B = n == 1 ? 0.0 : Math.max(0.0, q[j] - (exact ? square * inverse : square / n));
      double delta = meanB - 0.0;
      double mean = 0.0 + (exact ? delta : delta * n / total);
      double m2 = 0.0 + (m2B + delta * delta * ((double) na * n / total));
      double roundingBound = 0.0 + relativeBound * q[j];
      m[j - shift] = (float) mean;
      v[j - shift] = m2 <= roundingBound ? 0f : (float) (exact ? m2 * inverse : m2 / total);
    }
  }

  /**
   * True when dividing a double by {@code n} and multiplying it by {@code 1.0 / n} give the same
   * bits: {@code 1/n} is then exact, and both are the correctly rounded value of the same real
   * number (the quantities here are far from the subnormal range: float sums in double).
   */
  static boolean isPowerOfTwo(int n) {
    return Integer.bitCount(n) == 1;
  }
}
