package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;

/** {@code u_out = -lr * u_in}; see {@link Transforms#scaleByLearningRate}. */
record ScaleByLearningRate(double learningRate) implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    return new Update<>(scale(updates, -learningRate), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }

  /** {@code factor * u} elementwise, in double rounded to float; {@code u} is not modified. */
  static Params scale(Params updates, double factor) {
    return updates.map(t -> scale(t, factor));
  }

  private static Tensor scale(Tensor t, double factor) {
    float[] in = t.rawData();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = (float) (factor * in[i]);
    }
    return Tensor.wrap(t.shape(), out);
  }
}
