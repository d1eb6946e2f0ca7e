package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.linalg.CpuFeatures;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;

/** {@code u_out = -lr * u_in}; see {@link Transforms#scaleByLearningRate}. */
record ScaleByLearningRate(double learningRate) implements ElementwiseTransform<EmptyState> {
  private static final boolean VECTOR = CpuFeatures.vectorApi();

  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
    return Pass.of(scale(-learningRate), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }

  /**
   * {@code out = factor * in} elementwise, in double rounded to float; by {@link VectorScale} where
   * {@link CpuFeatures#vectorApi()}, with the same bits.
   */
  static BlockPass scale(double factor) {
    return (in, out, at, length, mean, variance) -> {
      for (int j = VECTOR ? VectorScale.scale(factor, in, out, length) : 0; j < length; j++) {
        out[j] = (float) (factor * in[j]);
      }
      return true;
    };
  }
}
