package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;

/** Rescales updates whose global norm exceeds {@code maxNorm}; see {@link Transforms#clipByGlobalNorm}. */
record ClipByGlobalNorm(double maxNorm) implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    double norm = Updates.globalNorm(updates);
    // as optax: keep the updates unless norm >= maxNorm; a NaN norm also keeps them (and the NaN)
    if (!(norm >= maxNorm)) {
      return new Update<>(updates, state);
    }
    return new Update<>(ScaleByLearningRate.scale(updates, maxNorm / norm, ctx.updateBuffers()), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
