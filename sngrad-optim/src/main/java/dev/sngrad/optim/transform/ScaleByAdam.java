package dev.sngrad.optim.transform;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adam's rescaling; see {@link Transforms#scaleByAdam}. */
record ScaleByAdam(double b1, double b2, double eps) implements GradientTransform<AdamState> {
  @Override
  public AdamState init(Params params) {
    return new AdamState(0, params.zerosLike(), params.zerosLike());
  }

  @Override
  public Update<AdamState> update(Params updates, AdamState state, StepContext ctx) {
    updates.checkSameStructure(state.mu());
    long count = state.count() + 1;
    // bias corrections 1 - b^t, as optax's bias_correction; pow in double is exact enough for any t
    double c1 = 1 - Math.pow(b1, count);
    double c2 = 1 - Math.pow(b2, count);
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<String, Tensor> mu = new LinkedHashMap<>();
    Map<String, Tensor> nu = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : updates.asMap().entrySet()) {
      String name = e.getKey();
      float[] g = e.getValue().rawData();
      float[] m0 = state.mu().get(name).rawData();
      float[] v0 = state.nu().get(name).rawData();
      float[] m = ctx.stateBuffers().floats(g.length);
      float[] v = ctx.stateBuffers().floats(g.length);
      float[] u = ctx.updateBuffers().floats(g.length);
      for (int i = 0; i < g.length; i++) {
        double gi = g[i];
        m[i] = (float) (b1 * m0[i] + (1 - b1) * gi);
        v[i] = (float) (b2 * v0[i] + (1 - b2) * gi * gi);
        u[i] = (float) ((m[i] / c1) / (Math.sqrt(v[i] / c2) + eps));
      }
      out.put(name, Tensor.wrap(e.getValue().shape(), u));
      mu.put(name, Tensor.wrap(e.getValue().shape(), m));
      nu.put(name, Tensor.wrap(e.getValue().shape(), v));
    }
    return new Update<>(
        Params.of(ImmutableMap.copyOf(out)),
        new AdamState(count, Params.of(ImmutableMap.copyOf(mu)), Params.of(ImmutableMap.copyOf(nu))));
  }

  @Override
  public Class<AdamState> stateType() {
    return AdamState.class;
  }
}
