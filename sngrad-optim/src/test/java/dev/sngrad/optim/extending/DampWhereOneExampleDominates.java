package dev.sngrad.optim.extending;

import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.EmptyState;
import java.util.Set;

// [extending:reduction-rule]
/** Damps where one example dominates the batch: {@code u * |mu| / max_i |g_i|} (0 where all g_i are 0). */
public record DampWhereOneExampleDominates() implements GradientTransform<EmptyState> {
  private static final LargestMagnitude LARGEST = new LargestMagnitude();

  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public boolean needsGradientStats() {
    return true; // for mu
  }

  @Override
  public Set<PerExampleReduction> perExampleReductions() {
    return Set.of(LARGEST); // the training step then computes it for every batch
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    Params mean = ctx.stats().orElseThrow().mean();
    Params largest = ctx.reduction(LARGEST); // fails naming it when it was not computed
    Params.Builder out = Params.builder();
    updates.asMap().forEach((name, u) -> {
      float[] mu = mean.get(name).toArray();
      float[] max = largest.get(name).toArray();
      float[] damped = u.toArray();
      for (int j = 0; j < damped.length; j++) {
        damped[j] *= max[j] == 0 ? 0f : Math.abs(mu[j]) / max[j]; // |mu| <= max: a factor in [0, 1]
      }
      out.put(name, Tensor.of(u.shape(), damped));
    });
    return new Update<>(out.build(), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
// [extending:reduction-rule]
