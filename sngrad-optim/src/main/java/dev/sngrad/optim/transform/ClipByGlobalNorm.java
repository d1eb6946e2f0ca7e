package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.internal.TensorArrays;
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
    double factor = maxNorm / norm;
    return new Update<>(updates.map(t -> {
      float[] in = TensorArrays.data(t);
      float[] out = ctx.execution().buffers().floats(in.length);
      for (int i = 0; i < in.length; i++) {
        out[i] = (float) (factor * in[i]);
      }
      return TensorArrays.wrap(t.shape(), out);
    }), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
