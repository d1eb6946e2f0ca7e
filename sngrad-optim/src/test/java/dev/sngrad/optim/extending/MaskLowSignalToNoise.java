package dev.sngrad.optim.extending;

import static com.google.common.base.Preconditions.checkState;

import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.EmptyState;

// [extending:rule]
/** Keeps an update element only where the batch agrees on it, {@code |mu| >= k * sigma}; else 0. */
public record MaskLowSignalToNoise(double k) implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public boolean needsGradientStats() {
    return true; // the training step then runs PerExample.lossAndGradStats
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    checkState(ctx.stats().isPresent(), "MaskLowSignalToNoise needs PerExample.gradStats");
    GradientStats stats = ctx.stats().get();
    Params.Builder out = Params.builder();
    updates.asMap().forEach((name, u) -> {
      float[] mu = stats.mean().get(name).toArray();
      float[] variance = stats.variance().get(name).toArray();
      float[] masked = u.toArray();
      for (int i = 0; i < masked.length; i++) {
        if (Math.abs(mu[i]) < k * Math.sqrt(variance[i])) {
          masked[i] = 0f;
        }
      }
      out.put(name, Tensor.of(u.shape(), masked));
    });
    return new Update<>(out.build(), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
// [extending:rule]
