package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;

/** {@code u_out = u_in + weightDecay * params}; see {@link Transforms#addDecayedWeights}. */
record AddDecayedWeights(double weightDecay) implements ElementwiseTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
    return new Pass<>() {
      @Override
      public TensorPass tensor(String name, Shape shape, int chunks) {
        float[] p = TensorArrays.data(ctx.params().get(name));
        return (index, from, to) -> (in, out, at, length, mean, variance) -> {
          for (int j = 0; j < length; j++) {
            out[j] = (float) (in[j] + weightDecay * p[at + j]);
          }
          return true;
        };
      }

      @Override
      public Outcome<EmptyState> finish() {
        return new Outcome<>(state, dev.sngrad.optim.AuxOutput.none());
      }
    };
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
