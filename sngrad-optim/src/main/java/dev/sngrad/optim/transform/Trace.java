package dev.sngrad.optim.transform;

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
    Params trace = updates.zipWith(state.trace(), this::decayedSum);
    Params out = nesterov ? updates.zipWith(trace, this::decayedSum) : trace;
    return new Update<>(out, new MomentumState(trace));
  }

  @Override
  public Class<MomentumState> stateType() {
    return MomentumState.class;
  }

  /** {@code g + decay * t}, in double rounded to float. */
  private Tensor decayedSum(Tensor g, Tensor t) {
    float[] x = g.rawData();
    float[] y = t.rawData();
    float[] out = new float[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (x[i] + decay * y[i]);
    }
    return Tensor.wrap(g.shape(), out);
  }
}
