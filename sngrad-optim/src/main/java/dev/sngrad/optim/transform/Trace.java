package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;

/** Momentum; see {@link Transforms#trace}. */
record Trace(double decay, boolean nesterov) implements GradientTransform<MomentumState> {
  @Override
  public MomentumState init(Params params) {
    return new MomentumState(params.zerosLike());
  }

  @Override
  public Update<MomentumState> update(Params updates, MomentumState state, StepContext ctx) {
    Params trace = updates.zipWith(state.trace(), (g, t) -> decayedSum(g, t, ctx.stateBuffers()));
    Params out = nesterov ? updates.zipWith(trace, (g, t) -> decayedSum(g, t, ctx.updateBuffers())) : trace;
    return new Update<>(out, new MomentumState(trace));
  }

  @Override
  public Class<MomentumState> stateType() {
    return MomentumState.class;
  }

  /** {@code g + decay * t}, in double rounded to float. */
  private Tensor decayedSum(Tensor g, Tensor t, BufferSource into) {
    float[] x = g.rawData();
    float[] y = t.rawData();
    float[] out = into.floats(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (x[i] + decay * y[i]);
    }
    return Tensor.wrap(g.shape(), out);
  }
}
