package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-example gradients, the equivalent of JAX's {@code jit(vmap(grad(loss), in_axes=(None, 0,
 * 0)))}, and their fused mean and variance.
 *
 * <p>The {@link ExampleLoss} is written for a batch and returns one loss per example; {@code g_i}
 * is the gradient of example {@code i}'s own loss (not divided by N), so the mean of the {@code
 * g_i} equals the gradient of the mean loss. Both results come from one batched forward and
 * backward pass per chunk of examples:
 *
 * <ul>
 *   <li>{@link #grad} materializes, for each parameter of shape {@code s}, a tensor {@code [B,
 *       ...s]} whose row {@code i} is {@code g_i}.
 *   <li>{@link #gradStats} returns {@link GradientStats}: the mean and population variance of the
 *       {@code g_i}. A parameter used by exactly one op takes that op's fused moments when it has
 *       them, and never gets a {@code [B, ...s]} array; any other parameter falls back to
 *       materialized gradients. The paths, for a parameter of {@code P} elements:
 *       <ul>
 *         <li>Dense identity: a weight of a matrix product with 2-D per-example inputs, or a bias
 *             add on 2-D values: {@code sum_i g_i = A^T D} and {@code sum_i g_i^2 = (A*A)^T
 *             (D*D)}; two {@code P}-sized results, nothing per example.
 *         <li>Convolution, chunked: the weight and bias of {@code Ops.conv2d}. Example {@code
 *             i}'s weight gradient is a sum over output positions ({@code ct_i cols_i}), so the
 *             identity does not hold; it is formed one example at a time and added to sums and
 *             sums of squares in double. Alive at once: one example's gradient ({@code P}
 *             floats), its patch matrix ({@code outH*outW x C*kh*kw} floats) and the two double
 *             sums ({@code 2P} doubles), whatever {@code B}.
 *         <li>Normalization: the scale and shift of {@link Ops#groupNorm} and {@link
 *             Ops#layerNorm}: per-example gradients summed one example at a time, nothing {@code
 *             [B, ...s]}.
 *         <li>Generic fallback: every other parameter (one used twice, an elementwise scale): its
 *             per-example gradients {@code [chunk, ...s]} are materialized, {@code chunk x P}
 *             floats per chunk of examples ({@link #withChunkSize}), and folded into the
 *             statistics chunk by chunk.
 *       </ul>
 *       {@link LossAndStats#materialized()} names the parameters that took the fallback.
 *   <li>{@link #lossAndGradStats(Params, Tensor, int[], Set)} also computes user-defined {@link
 *       PerExampleReduction}s of the {@code g_i} (a sign agreement, a maximum), in the same pass
 *       as the statistics; every parameter then takes the generic fallback.
 * </ul>
 *
 * <p>A chunk size bounds peak memory: examples are processed {@code chunkSize} at a time (the
 * default, 0, takes the whole batch at once), as in functorch's {@code chunk_size}. Work runs in an
 * {@link ExecutionContext}, {@link ExecutionContext#defaults()} unless {@link #withContext} sets
 * one. Each chunk is passed to {@link ExampleLoss#applyFrom} with the index of its first example,
 * so a loss with random draws per example (dropout) draws the same for any chunk size. Immutable.
 */
public final class PerExample {
  private final ExampleLoss loss;
  private final int chunkSize;
  private final ExecutionContext context;

  private PerExample(ExampleLoss loss, int chunkSize, ExecutionContext context) {
    this.loss = checkNotNull(loss);
    checkArgument(chunkSize >= 0, "chunk size must be >= 0 (0 = whole batch), got %s", chunkSize);
    this.chunkSize = chunkSize;
    this.context = checkNotNull(context);
  }

  /**
   * The per-example transform of {@code loss}, whole batch at once, in the default context.
   *
   * @param loss maps parameters, inputs {@code [B, ...]} and {@code B} labels to the {@code [B]}
   *     per-example losses
   * @return the transform
   * @throws NullPointerException if {@code loss} is null
   */
  public static PerExample of(ExampleLoss loss) {
    return new PerExample(loss, 0, ExecutionContext.defaults());
  }

  /**
   * The same transform processing at most {@code chunkSize} examples per pass (0 = all).
   *
   * @param chunkSize examples per pass, {@code >= 0}; 0 for the whole batch in one pass
   * @return a copy of this transform with the chunk size replaced
   * @throws IllegalArgumentException if {@code chunkSize} is negative
   */
  public PerExample withChunkSize(int chunkSize) {
    return new PerExample(loss, chunkSize, context);
  }

  /**
   * The same transform running in {@code context}: matrix products and the statistics' passes on
   * its kernel, the arrays of intermediate values, losses and fused moments from its buffers where
   * ops support it. With an {@link dev.sngrad.autodiff.tensor.Arena}, results are valid until the
   * arena is reset. Materialized per-example gradients and the statistics of several chunks are
   * still allocated.
   *
   * @param context the kernel and buffers to use
   * @return a copy of this transform with the context replaced
   * @throws NullPointerException if {@code context} is null
   */
  public PerExample withContext(ExecutionContext context) {
    return new PerExample(loss, chunkSize, context);
  }

  /**
   * Per-example gradients: for each parameter, {@code [B, ...shape]} with row {@code i} the
   * gradient of example {@code i}'s loss. {@code inputs} has the {@code B} examples on axis 0 and
   * {@code labels} one entry per example; nothing is modified.
   *
   * @param params the parameters at which to differentiate
   * @param inputs the batch, {@code [B, ...]} with {@code B >= 1}
   * @param labels the {@code B} labels
   * @return for each parameter of shape {@code s}, the {@code [B, ...s]} per-example gradients, in
   *     new arrays
   * @throws IllegalArgumentException if {@code inputs} has no example axis or no examples, the
   *     number of labels differs from {@code B}, or the loss does not return shape {@code [B]}
   */
  public Params grad(Params params, Tensor inputs, int[] labels) {
    int examples = checkBatch(inputs, labels);
    Map<String, List<Tensor>> chunks = new LinkedHashMap<>();
    for (int from = 0; from < examples; from += step(examples)) {
      int to = Math.min(examples, from + step(examples));
      Tape.PerExampleCotangents ct = run(params, inputs, labels, from, to, false).cotangents;
      ct.perExample().forEach((name, g) -> chunks.computeIfAbsent(name, k -> new ArrayList<>()).add(g));
    }
    Params.Builder b = Params.builder();
    chunks.forEach((name, parts) -> b.put(name, concat(parts)));
    return b.build();
  }

  /**
   * Mean and population variance of the per-example gradients; see the class comment.
   *
   * @param params the parameters at which to differentiate
   * @param inputs the batch, {@code [B, ...]} with {@code B >= 1}
   * @param labels the {@code B} labels
   * @return the statistics over the {@code B} examples, with the names and shapes of {@code params}
   * @throws IllegalArgumentException if {@code inputs} has no example axis or no examples, the
   *     number of labels differs from {@code B}, or the loss does not return shape {@code [B]}
   */
  public GradientStats gradStats(Params params, Tensor inputs, int[] labels) {
    return lossAndGradStats(params, inputs, labels).stats();
  }

  /**
   * The per-example losses {@code [B]} together with the statistics of {@link #gradStats}, from
   * the same passes, and the names of the parameters whose gradients had to be materialized.
   *
   * @param params the parameters at which to differentiate
   * @param inputs the batch, {@code [B, ...]} with {@code B >= 1}
   * @param labels the {@code B} labels
   * @return the losses, the statistics and the materialized parameters' names
   * @throws IllegalArgumentException if {@code inputs} has no example axis or no examples, the
   *     number of labels differs from {@code B}, or the loss does not return shape {@code [B]}
   */
  public LossAndStats lossAndGradStats(Params params, Tensor inputs, int[] labels) {
    return lossAndGradStats(params, inputs, labels, ImmutableSet.of());
  }

  /**
   * {@link #lossAndGradStats(Params, Tensor, int[])} together with {@code reductions} of the
   * per-example gradients, all from one pass over them. With at least one reduction, every
   * parameter takes the materialized path (no fused moments; see {@link PerExampleReduction} for
   * the cost): for each chunk of examples its gradients {@code [chunk, ...s]} are added to the
   * statistics and to one accumulator per reduction and parameter, then dropped, so at most
   * {@code chunk x P} floats of gradients are alive at once. Without reductions this is {@link
   * #lossAndGradStats(Params, Tensor, int[])}, to the bit.
   *
   * @param params the parameters at which to differentiate
   * @param inputs the batch, {@code [B, ...]} with {@code B >= 1}
   * @param labels the {@code B} labels
   * @param reductions the reductions to compute (equal ones once), possibly none
   * @return the losses, the statistics, the materialized parameters' names and, for every
   *     reduction, one tensor per parameter
   * @throws IllegalArgumentException if {@code inputs} has no example axis or no examples, the
   *     number of labels differs from {@code B}, the loss does not return shape {@code [B]}, or an
   *     accumulator finishes with a tensor of another shape than its parameter's (naming both)
   */
  public LossAndStats lossAndGradStats(
      Params params, Tensor inputs, int[] labels, Set<? extends PerExampleReduction> reductions) {
    ImmutableSet<PerExampleReduction> requested = ImmutableSet.copyOf(reductions);
    Accumulated a = accumulate(params, inputs, labels, requested);
    // The moments are seen by nobody else: they become the statistics in place.
    return new LossAndStats(a.losses(), a.accumulator().finish(context), a.materialized(), a.reductions());
  }

  /**
   * The per-example losses {@code [B]} and, when every parameter has them from one pass (no
   * chunking and nothing materialized), the fused moments over the whole batch ({@code sum_i g_i}
   * and {@code sum_i g_i^2}), for a caller that goes on from them in one pass (a one-pass
   * optimizer step); otherwise the statistics of {@link #gradStats}.
   *
   * @param params the parameters at which to differentiate
   * @param inputs the batch, {@code [B, ...]} with {@code B >= 1}
   * @param labels the {@code B} labels
   * @return the losses and either every parameter's moments or the statistics
   * @throws IllegalArgumentException if {@code inputs} has no example axis or no examples, the
   *     number of labels differs from {@code B}, or the loss does not return shape {@code [B]}
   */
  public LossAndMoments lossAndGradMoments(Params params, Tensor inputs, int[] labels) {
    Accumulated a = accumulate(params, inputs, labels, ImmutableSet.of());
    boolean onePass = step(inputs.shape().dim(0)) >= inputs.shape().dim(0) && a.materialized().isEmpty();
    if (onePass) {
      ImmutableMap.Builder<String, Moments> b = ImmutableMap.builderWithExpectedSize(params.count());
      for (String name : params.asMap().keySet()) {
        a.accumulator().onlyMoments(name).ifPresent(m -> b.put(name, m));
      }
      ImmutableMap<String, Moments> moments = b.buildOrThrow();
      if (moments.size() == params.count()) {
        return new LossAndMoments(a.losses(), a.materialized(), Optional.of(moments), Optional.empty(), context);
      }
    }
    return new LossAndMoments(
        a.losses(), a.materialized(), Optional.empty(), Optional.of(a.accumulator().finish(context)), context);
  }

  /** The losses, the accumulated gradients and the finished reductions of one batch. */
  private record Accumulated(
      Tensor losses, GradientStatsAccumulator accumulator, ImmutableSet<String> materialized,
      ReductionResults reductions) {}

  private Accumulated accumulate(
      Params params, Tensor inputs, int[] labels, ImmutableSet<PerExampleReduction> reductions) {
    int examples = checkBatch(inputs, labels);
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    ReductionAccumulators reducing = new ReductionAccumulators(reductions, params);
    float[] losses = context.buffers().floats(examples); // every chunk copies its losses in
    ImmutableSet.Builder<String> materialized = ImmutableSet.builder();
    for (int from = 0; from < examples; from += step(examples)) {
      int to = Math.min(examples, from + step(examples));
      // a reduction reads every parameter's per-example gradients, so none may take fused moments
      Pass pass = run(params, inputs, labels, from, to, reductions.isEmpty());
      System.arraycopy(TensorArrays.data(pass.losses), 0, losses, from, to - from);
      for (String name : params.asMap().keySet()) {
        Moments m = pass.cotangents.moments().get(name);
        if (m != null) {
          acc.addOwnedMoments(name, m); // fresh from this pass, read by nothing else
        } else {
          Tensor perExample = pass.cotangents.perExample().get(name);
          acc.addExamples(name, perExample);
          reducing.add(name, perExample);
          materialized.add(name);
        }
      }
    }
    return new Accumulated(
        TensorArrays.wrap(Shape.of(examples), losses), acc, materialized.build(), reducing.finish());
  }

  /**
   * Per-example losses, the mean and population variance of the per-example gradients, and the
   * parameters that could not use the fused moments and were materialized chunk by chunk, and the
   * {@link PerExampleReduction}s requested. Immutable.
   *
   * @param losses the per-example losses {@code [B]}
   * @param stats the gradient statistics
   * @param materialized the parameters whose per-example gradients had to be materialized (every
   *     parameter when a reduction was requested)
   * @param reductions the requested reductions' results; {@link ReductionResults#none()} when none
   *     was requested
   */
  public record LossAndStats(
      Tensor losses, GradientStats stats, ImmutableSet<String> materialized, ReductionResults reductions) {}

  /**
   * Per-example losses and either the fused moments of every parameter or, when some parameter
   * has none (chunked or materialized), the gradient statistics. Immutable: {@link #stats()}
   * computes the statistics from the moments on every call (the bits of {@link
   * PerExample#gradStats}) without touching them.
   */
  public static final class LossAndMoments {
    private final Tensor losses;
    private final ImmutableSet<String> materialized;
    private final Optional<ImmutableMap<String, Moments>> moments;
    private final Optional<GradientStats> stats;
    private final ExecutionContext context;

    private LossAndMoments(
        Tensor losses, ImmutableSet<String> materialized, Optional<ImmutableMap<String, Moments>> moments,
        Optional<GradientStats> stats, ExecutionContext context) {
      this.losses = losses;
      this.materialized = materialized;
      this.moments = moments;
      this.stats = stats;
      this.context = context;
    }

    /**
     * The per-example losses {@code [B]}.
     *
     * @return the loss of each example, in batch order
     */
    public Tensor losses() {
      return losses;
    }

    /**
     * The parameters whose per-example gradients had to be materialized.
     *
     * @return their names; empty when every parameter had fused moments
     */
    public ImmutableSet<String> materialized() {
      return materialized;
    }

    /**
     * For every parameter, the fused moments over the whole batch (not to be modified), when every
     * parameter has them from one pass; otherwise empty. {@link
     * GradientStatsAccumulator#meanAndVariance} turns them into the bits of {@link #stats()}.
     *
     * @return the moments by parameter name, or empty
     */
    public Optional<ImmutableMap<String, Moments>> moments() {
      return moments;
    }

    /**
     * The mean and population variance of the per-example gradients.
     *
     * @return the statistics over the batch; computed anew, in new arrays, when held as moments
     */
    public GradientStats stats() {
      if (stats.isPresent()) {
        return stats.get();
      }
      GradientStatsAccumulator acc = new GradientStatsAccumulator();
      moments.get().forEach(acc::addMoments);
      return acc.snapshot(context);
    }
  }

  private record Pass(Tensor losses, Tape.PerExampleCotangents cotangents) {}

  private Pass run(Params params, Tensor inputs, int[] labels, int from, int to, boolean fuse) {
    Tape tape = new Tape(context, to - from);
    boolean whole = from == 0 && to == inputs.shape().dim(0);
    Var x = tape.examples(whole ? inputs : inputs.slice(from, to));
    Var out = loss.applyFrom(tape.leaves(params), x, whole ? labels : Arrays.copyOfRange(labels, from, to), from);
    return new Pass(out.value(), tape.perExample(out, fuse));
  }

  private int step(int examples) {
    return chunkSize == 0 ? examples : chunkSize;
  }

  private static int checkBatch(Tensor inputs, int[] labels) {
    checkArgument(inputs.shape().rank() >= 1, "per-example inputs need an example axis, got %s", inputs.shape());
    int examples = inputs.shape().dim(0);
    checkArgument(examples > 0, "per-example inputs hold no examples: %s", inputs.shape());
    checkArgument(
        labels.length == examples, "inputs %s hold %s examples but there are %s labels",
        inputs.shape(), examples, labels.length);
    return examples;
  }

  private static Tensor concat(List<Tensor> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int rows = 0;
    for (Tensor t : parts) {
      rows += t.shape().dim(0);
    }
    Shape s = parts.get(0).shape().with(0, rows);
    float[] out = new float[s.size()];
    int at = 0;
    for (Tensor t : parts) {
      System.arraycopy(TensorArrays.data(t), 0, out, at, t.size());
      at += t.size();
    }
    return TensorArrays.wrap(s, out);
  }
}
