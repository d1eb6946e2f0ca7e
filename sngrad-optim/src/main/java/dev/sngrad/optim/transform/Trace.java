package dev.sngrad.optim.transform;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;

/** Momentum; see {@link Transforms#trace}. */
record Trace(double decay, boolean nesterov) implements ElementwiseTransform<MomentumState> {
  @Override
  public MomentumState init(Params params) {
    return new MomentumState(params.zerosLike());
  }

  /** The update of the class comment; updates of other names or shapes than the state's fail. */
  @Override
  public Update<MomentumState> update(Params updates, MomentumState state, StepContext ctx) {
    updates.checkSameStructure(state.trace());
    return ElementwiseTransform.super.update(updates, state, ctx);
  }

  @Override
  public Pass<MomentumState> start(MomentumState state, StepContext ctx) {
    ImmutableMap.Builder<String, Tensor> traces = ImmutableMap.builderWithExpectedSize(state.trace().count());
    return new Pass<>() {
      @Override
      public TensorPass tensor(String name, Shape shape, int chunks) {
        float[] previous = TensorArrays.data(state.trace().get(name));
        float[] trace = ctx.execution().buffers().floats(previous.length);
        traces.put(name, TensorArrays.wrap(shape, trace));
        return (index, from, to) -> (in, out, at, length, mean, variance) -> {
          for (int j = 0; j < length; j++) {
            float g = in[j];
            float t = (float) (g + decay * previous[at + j]);
            trace[at + j] = t;
            out[j] = nesterov ? (float) (g + decay * t) : t;
          }
          return true;
        };
      }

      @Override
      public Outcome<MomentumState> finish() {
        return new Outcome<>(new MomentumState(Params.of(traces.buildOrThrow())), AuxOutput.none());
      }
    };
  }

  @Override
  public Class<MomentumState> stateType() {
    return MomentumState.class;
  }
}
