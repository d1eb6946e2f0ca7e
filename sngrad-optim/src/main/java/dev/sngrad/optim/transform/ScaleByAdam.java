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

/** Adam's rescaling; see {@link Transforms#scaleByAdam}. */
record ScaleByAdam(double b1, double b2, double eps) implements ElementwiseTransform<AdamState> {
  @Override
  public AdamState init(Params params) {
    return new AdamState(0, params.zerosLike(), params.zerosLike());
  }

  /** The update of the class comment; updates of other names or shapes than the state's fail. */
  @Override
  public Update<AdamState> update(Params updates, AdamState state, StepContext ctx) {
    updates.checkSameStructure(state.mu());
    return ElementwiseTransform.super.update(updates, state, ctx);
  }

  @Override
  public Pass<AdamState> start(AdamState state, StepContext ctx) {
    long count = state.count() + 1;
    // bias corrections 1 - b^t, as optax's bias_correction; pow in double is exact enough for any t
    double c1 = 1 - Math.pow(b1, count);
    double c2 = 1 - Math.pow(b2, count);
    ImmutableMap.Builder<String, Tensor> mus = ImmutableMap.builderWithExpectedSize(state.mu().count());
    ImmutableMap.Builder<String, Tensor> nus = ImmutableMap.builderWithExpectedSize(state.nu().count());
    return new Pass<>() {
      @Override
      public TensorPass tensor(String name, Shape shape, int chunks) {
        float[] m0 = TensorArrays.data(state.mu().get(name));
        float[] v0 = TensorArrays.data(state.nu().get(name));
        float[] m = ctx.execution().buffers().floats(m0.length);
        float[] v = ctx.execution().buffers().floats(v0.length);
        mus.put(name, TensorArrays.wrap(shape, m));
        nus.put(name, TensorArrays.wrap(shape, v));
        return (index, from, to) -> (in, out, at, length, mean, variance) -> {
          for (int j = 0; j < length; j++) {
            int i = at + j;
            double gi = in[j];
            m[i] = (float) (b1 * m0[i] + (1 - b1) * gi);
            v[i] = (float) (b2 * v0[i] + (1 - b2) * gi * gi);
            out[j] = (float) ((m[i] / c1) / (Math.sqrt(v[i] / c2) + eps));
          }
          return true;
        };
      }

      @Override
      public Outcome<AdamState> finish() {
        return new Outcome<>(
            new AdamState(count, Params.of(mus.buildOrThrow()), Params.of(nus.buildOrThrow())), AuxOutput.none());
      }
    };
  }

  @Override
  public Class<AdamState> stateType() {
    return AdamState.class;
  }
}
