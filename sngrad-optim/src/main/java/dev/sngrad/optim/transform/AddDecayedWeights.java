package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;

/** {@code u_out = u_in + weightDecay * params}; see {@link Transforms#addDecayedWeights}. */
record AddDecayedWeights(double weightDecay) implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    return new Update<>(updates.zipWith(ctx.params(), (u, w) -> addDecayed(u, w, ctx.updateBuffers())), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }

  private Tensor addDecayed(Tensor u, Tensor p, BufferSource into) {
    float[] x = u.rawData();
    float[] w = p.rawData();
    float[] out = into.floats(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (x[i] + weightDecay * w[i]);
    }
    return Tensor.wrap(u.shape(), out);
  }
}
