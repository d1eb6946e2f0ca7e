package dev.sngrad.optim;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import java.util.Optional;

/**
 * An optimizer that can take a whole training step, {@code params + update(g, state, ctx)}, in one
 * elementwise pass that writes no parameter-sized array but the new parameters:
 *
 * <ul>
 *   <li>from the gradient (plain SGD, {@code chain(scaleByLearningRate)}), or
 *   <li>from the fused moments of the per-example gradients (SGD on the signal-to-noise adjusted
 *       gradient): the mean and variance of a block of elements, its update and its new
 *       parameters are computed while the block is in cache.
 * </ul>
 *
 * <p>The result must have exactly the bits of the general path ({@code
 * GradientStatsAccumulator.snapshot}, {@link GradientTransform#update}, {@link Updates#apply}). A
 * training step uses these when it can and falls back to the general path when they return empty.
 * The new parameters' arrays (and any scratch arrays) come from {@code into}.
 */
public interface FusedStep {
  /**
   * Whether {@link #stepFromMoments} can take steps at all (it may still return empty for
   * non-finite values); asked before the moments are handed over.
   */
  boolean takesStepsFromMoments();

  /**
   * The new parameters and state after one step from {@code params} (not modified), given the
   * moments of every parameter over the batch (not modified), or empty when this optimizer cannot
   * take the step in one pass, or when a mean, variance, update or new parameter is not finite (the
   * general path then reports it).
   */
  Optional<Step> stepFromMoments(
      Params params, ImmutableMap<String, Moments> moments, OptState state, StepContext ctx, BufferSource into);

  /** Whether {@link #stepFromGradient} can take steps at all (it may still return empty for non-finite values). */
  boolean takesStepsFromGradient();

  /**
   * The new parameters and state after one step from {@code params} given the {@code gradient}
   * (neither modified), or empty when this optimizer cannot take the step in one pass or a new
   * parameter is not finite (the general path then reports it).
   */
  Optional<Step> stepFromGradient(Params params, Params gradient, OptState state, StepContext ctx, BufferSource into);

  /** New parameters and optimizer state. */
  record Step(Params params, OptState state) {}
}
