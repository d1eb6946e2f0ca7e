package dev.sngrad.optim;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.Params;
import java.util.Optional;

/**
 * An optimizer that can take a whole training step, {@code params + update(mu, state, ctx)}, in
 * one elementwise pass straight from the fused moments of the per-example gradients: the mean and
 * variance of a block of elements, its update and its new parameters are computed while the block
 * is in cache, and no parameter-sized array is written but the new parameters.
 *
 * <p>The result must have exactly the bits of the general path, {@code
 * GradientStatsAccumulator.snapshot}, {@link GradientTransform#update} and {@link Updates#apply}.
 * A training step that has the moments uses this and falls back to the general path when it
 * returns empty.
 */
public interface FusedMomentsStep {
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
  Optional<Step> stepFromMoments(Params params, ImmutableMap<String, Moments> moments, OptState state, StepContext ctx);

  /** New parameters and optimizer state. */
  record Step(Params params, OptState state) {}
}
