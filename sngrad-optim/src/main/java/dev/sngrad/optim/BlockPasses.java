package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static com.google.common.base.Strings.lenientFormat;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.FiniteScan;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an {@link ElementwiseTransform} over every parameter, block by block: the general {@link
 * #update}, and whole training steps {@code params + update(...)} in one pass ({@link
 * #stepFromGradient}, {@link #stepFromMoments}). A tensor is cut into chunks of {@link #CHUNK}
 * elements that run on the step's threads ({@code ExecutionContext.forEachChunk}), and a chunk
 * into blocks of {@link #BLOCK} elements: for each block the input (and, when the transform needs
 * them, the mean and variance of the per-example gradients) go into arrays of one block, the
 * transform's {@link ElementwiseTransform.BlockPass} maps them to the block's output while they
 * are in cache, and the output is copied out or added to the parameters. The block arrays come
 * from the buffers of {@link StepContext#execution()}.
 *
 * <p>Every path applies the same float operations to every element, so an update followed by
 * {@link Updates#apply} and a one-pass step give the same bits.
 */
public final class BlockPasses {
  /** Elements per chunk (one thread's share); a multiple of {@link #BLOCK}. */
  public static final int CHUNK = 1 << 15;

  /** Elements per block, whose arrays stay in the L1 cache; a multiple of 4. */
  public static final int BLOCK = 2048;

  private BlockPasses() {}

  /**
   * New parameters, the optimizer's next state and what the update reported.
   *
   * @param params the parameters after the step, all finite
   * @param state the transform's state after the step
   * @param aux what the transform reported about the update
   */
  public record Step(Params params, OptState state, AuxOutput aux) {}

  /** Fills one block's input (and statistics) and returns the array holding the input. */
  @FunctionalInterface
  private interface Source {
    float[] fill(int at, int length, float[] in, float[] mean, float[] variance);
  }

  /**
   * The update of {@code transform} for {@code updates} (not modified), with the statistics of
   * {@code ctx} when it needs them; the output arrays come from {@code ctx.execution().buffers()}.
   *
   * @param transform the elementwise transform to run
   * @param updates the incoming updates (the gradient, or a previous transform's output)
   * @param state the transform's current state
   * @param ctx the parameters, the gradient statistics when needed, the step and the execution
   * @param <S> the transform's state type
   * @return the outgoing updates, with the names and shapes of {@code updates}, the next state and
   *     the transform's auxiliary output
   * @throws IllegalStateException when the transform needs gradient statistics and {@code ctx}
   *     has none
   * @throws IllegalArgumentException naming the parameter and element of the first mean that is
   *     not finite or variance that is not finite and {@code >= 0}
   */
  public static <S extends OptState> Update<S> update(
      ElementwiseTransform<S> transform, Params updates, S state, StepContext ctx) {
    boolean needsStats = transform.needsGradientStats();
    checkState(
        !needsStats || ctx.stats().isPresent(),
        "%s needs per-example gradient statistics in StepContext.stats(): compute them with"
            + " PerExample.gradStats (or PerExample.lossAndGradStats) for this batch",
        transform);
    GradientStats stats = needsStats ? ctx.stats().get() : null;
    if (needsStats) {
      updates.checkSameStructure(stats.mean());
      checkUsable(transform, stats);
    }
    ElementwiseTransform.Pass<S> pass = transform.start(state, ctx);
    ImmutableMap.Builder<String, Tensor> out = ImmutableMap.builderWithExpectedSize(updates.count());
    for (Map.Entry<String, Tensor> e : updates.asMap().entrySet()) {
      String name = e.getKey();
      float[] u = TensorArrays.data(e.getValue());
      float[] mu = needsStats ? TensorArrays.data(stats.mean().get(name)) : null;
      float[] variance = needsStats ? TensorArrays.data(stats.variance().get(name)) : null;
      float[] result = ctx.execution().buffers().floats(u.length);
      boolean finite = tensor(pass.tensor(name, e.getValue().shape(), chunks(u.length)), needsStats, null, result, ctx,
          (at, length, in, m, v) -> {
            System.arraycopy(u, at, in, 0, length);
            if (mu != null) {
              System.arraycopy(mu, at, m, 0, length);
              System.arraycopy(variance, at, v, 0, length);
            }
            return in;
          });
      checkState(finite, "%s stopped on '%s' for statistics it could not use", transform, name);
      out.put(name, TensorArrays.wrap(e.getValue().shape(), result));
    }
    ElementwiseTransform.Outcome<S> outcome = pass.finish();
    return new Update<>(Params.of(out.buildOrThrow()), outcome.state(), outcome.aux());
  }

  private static void checkUsable(ElementwiseTransform<?> transform, GradientStats stats) {
    for (String name : stats.mean().asMap().keySet()) {
      float[] mu = TensorArrays.data(stats.mean().get(name));
      float[] variance = TensorArrays.data(stats.variance().get(name));
      for (int j = 0; j < mu.length; j++) {
        if (!(Float.isFinite(mu[j]) && Float.isFinite(variance[j]) && variance[j] >= 0)) {
          throw new IllegalArgumentException(lenientFormat(
              "%s: gradient statistics of '%s' at element %s are not usable: mean %s, variance %s (need a"
                  + " finite mean and a finite variance >= 0)", transform, name, j, mu[j], variance[j]));
        }
      }
    }
  }

  /**
   * One training step from the {@code gradient}: {@code params + update(gradient)} in one pass,
   * the new parameters' arrays from the buffers of {@code ctx}; empty when a new parameter is not finite (the
   * general path then names what is not). Neither {@code params} nor {@code gradient} is modified.
   *
   * @param transform an elementwise transform that does not need gradient statistics
   * @param params the current parameters
   * @param gradient the mean gradient of the batch, with the names and shapes of {@code params}
   * @param state the transform's current state, of its {@link GradientTransform#stateType()}
   * @param ctx the parameters, the step number and the execution (its buffers give the arrays)
   * @return the new parameters, the next state and the auxiliary output; empty when a new
   *     parameter is not finite
   * @throws IllegalArgumentException if {@code transform} needs gradient statistics, if {@code
   *     gradient} differs from {@code params} in names or shapes, or if {@code state} is of another type
   */
  public static Optional<Step> stepFromGradient(
      ElementwiseTransform<?> transform, Params params, Params gradient, OptState state, StepContext ctx) {
    params.checkSameStructure(gradient);
    checkArgument(!transform.needsGradientStats(), "%s needs gradient statistics; step from moments", transform);
    return step(transform, params, state, ctx, name -> {
      float[] g = TensorArrays.data(gradient.get(name));
      return (at, length, in, m, v) -> {
        System.arraycopy(g, at, in, 0, length);
        return in;
      };
    });
  }

  /**
   * One training step from the fused {@code moments} of every parameter's per-example gradients
   * ({@code sum g_i} and {@code sum g_i^2}): the incoming update is their mean, and each block's
   * mean and variance ({@link GradientStatsAccumulator#meanAndVariance}, the bits of the
   * statistics' snapshot) are computed where the block is used. Empty when a statistic or a new
   * parameter is not finite. The new parameters' arrays come from the buffers of {@code ctx}.
   *
   * @param transform an elementwise transform, with or without gradient statistics
   * @param params the current parameters
   * @param moments for every parameter name, the sums over the batch of its per-example gradients
   *     and of their squares, each with the parameter's number of elements
   * @param state the transform's current state, of its {@link GradientTransform#stateType()}
   * @param ctx the parameters, the step number and the execution (its buffers give the arrays)
   * @return the new parameters, the next state and the auxiliary output; empty when a statistic or
   *     a new parameter is not finite
   * @throws IllegalArgumentException if {@code moments} is not keyed by exactly the parameter
   *     names, or if {@code state} is of another type
   */
  public static Optional<Step> stepFromMoments(
      ElementwiseTransform<?> transform, Params params, Map<String, Moments> moments, OptState state,
      StepContext ctx) {
    checkArgument(moments.keySet().equals(params.asMap().keySet()),
        "moments of %s for parameters %s", moments.keySet(), params.asMap().keySet());
    return step(transform, params, state, ctx, name -> {
      Moments m = moments.get(name);
      return (at, length, in, mean, variance) -> {
        GradientStatsAccumulator.meanAndVariance(m, at, at + length, mean, variance, 0);
        return mean;
      };
    });
  }

  private static <S extends OptState> Optional<Step> step(
      ElementwiseTransform<S> transform, Params params, OptState state, StepContext ctx,
      java.util.function.Function<String, Source> sources) {
    ElementwiseTransform.Pass<S> pass = transform.start(transform.castState(state), ctx);
    boolean needsStats = transform.needsGradientStats();
    ImmutableMap.Builder<String, Tensor> next = ImmutableMap.builderWithExpectedSize(params.count());
    for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
      String name = e.getKey();
      float[] p = TensorArrays.data(e.getValue());
      float[] out = ctx.execution().buffers().floats(p.length);
      ElementwiseTransform.TensorPass tensorPass = pass.tensor(name, e.getValue().shape(), chunks(p.length));
      if (!tensor(tensorPass, needsStats, p, out, ctx, sources.apply(name))) {
        return Optional.empty();
      }
      next.put(name, TensorArrays.wrap(e.getValue().shape(), out));
    }
    ElementwiseTransform.Outcome<S> outcome = pass.finish();
    return Optional.of(new Step(Params.of(next.buildOrThrow()), outcome.state(), outcome.aux()));
  }

  private static int chunks(int n) {
    return (n + CHUNK - 1) / CHUNK;
  }

  /**
   * Runs one tensor chunk by chunk on the kernel's threads: with {@code p == null} the output goes
   * to {@code out}, else {@code out = p + output}. False when a block pass reported a non-finite
   * statistic or (with {@code p}) a new parameter is not finite.
   */
  private static boolean tensor(
      ElementwiseTransform.TensorPass tensorPass, boolean needsStats, float[] p, float[] out, StepContext ctx,
      Source source) {
    int n = out.length;
    int chunks = chunks(n);
    // Each chunk's block arrays, taken here: a buffer source serves one thread.
    int arrays = needsStats ? 4 : 2;
    float[][] blocks = new float[arrays * chunks][];
    for (int b = 0; b < blocks.length; b++) {
      blocks[b] = ctx.execution().buffers().floats(Math.min(BLOCK, n));
    }
    boolean[] failed = new boolean[chunks];
    ctx.execution().forEachChunk(chunks, c -> {
      int from = c * CHUNK;
      int to = Math.min(n, from + CHUNK);
      float[] in = blocks[arrays * c];
      float[] result = blocks[arrays * c + 1];
      float[] mean = needsStats ? blocks[arrays * c + 2] : null;
      float[] variance = needsStats ? blocks[arrays * c + 3] : null;
      ElementwiseTransform.BlockPass blockPass = tensorPass.chunk(c, from, to);
      for (int at = from; at < to; at += BLOCK) {
        int length = Math.min(BLOCK, to - at);
        float[] input = source.fill(at, length, in, mean, variance);
        if (!blockPass.apply(input, result, at, length, mean, variance)) {
          failed[c] = true;
          return;
        }
        if (p == null) {
          System.arraycopy(result, 0, out, at, length);
        } else {
          for (int j = 0; j < length; j++) {
            out[at + j] = p[at + j] + result[j]; // Updates.apply
          }
          if (!FiniteScan.allFinite(out, at, at + length)) {
            failed[c] = true;
            return;
          }
        }
      }
    });
    for (boolean f : failed) {
      if (f) {
        return false;
      }
    }
    return true;
  }
}
