package dev.sngrad.optim.transform;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.FiniteScan;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import java.util.Map;
import java.util.Optional;

/** {@code u_out = -lr * u_in}; see {@link Transforms#scaleByLearningRate}. */
record ScaleByLearningRate(double learningRate) implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    return new Update<>(scale(updates, -learningRate, ctx.updateBuffers()), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }

  /**
   * {@code params + (-lr * gradient)}, the update and {@code Updates.apply} in one pass with their
   * bits, the new arrays from {@code into}; empty when a new parameter is not finite.
   */
  Optional<Params> step(Params params, Params gradient, BufferSource into) {
    params.checkSameStructure(gradient);
    double factor = -learningRate;
    ImmutableMap.Builder<String, Tensor> next = ImmutableMap.builderWithExpectedSize(params.count());
    for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
      float[] p = e.getValue().rawData();
      float[] g = gradient.get(e.getKey()).rawData();
      float[] out = into.floats(p.length);
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i] + (float) (factor * g[i]);
      }
      if (!FiniteScan.allFinite(out, 0, out.length)) {
        return Optional.empty();
      }
      next.put(e.getKey(), Tensor.wrap(e.getValue().shape(), out));
    }
    return Optional.of(Params.of(next.buildOrThrow()));
  }

  /** {@code factor * u} elementwise, in double rounded to float; {@code u} is not modified. */
  static Params scale(Params updates, double factor, BufferSource into) {
    return updates.map(t -> scale(t, factor, into));
  }

  private static Tensor scale(Tensor t, double factor, BufferSource into) {
    float[] in = t.rawData();
    float[] out = into.floats(in.length);
    for (int i = 0; i < in.length; i++) {
      out[i] = (float) (factor * in[i]);
    }
    return Tensor.wrap(t.shape(), out);
  }
}
