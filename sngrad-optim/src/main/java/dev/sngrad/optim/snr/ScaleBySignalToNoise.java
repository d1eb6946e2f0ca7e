package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import java.util.Map;

/**
 * The signal-to-noise transform: {@code u_out = u * factor(mu, sigma^2)} elementwise, where {@code
 * mu} and {@code sigma^2} are the mean and population variance of the per-example gradients from
 * {@link StepContext#stats()} and the factor comes from {@link SnrRule#factor}. Because it scales
 * the incoming update, it composes after other transforms (e.g. clipping); as the first transform
 * of a chain the incoming update is {@code mu} itself and the output is the rule's adjusted
 * gradient {@code mu * factor}.
 *
 * <p>{@link #needsGradientStats()} is true; an update without statistics fails naming {@code
 * PerExample.gradStats}. The state ({@link SnrState}) records per-parameter {@link SnrDiagnostics}
 * of the last update: mean factor, share of damped elements and mean {@code |mu| / sigma}.
 *
 * <p>See {@link SnrRule} for how {@code alpha} and {@code epsilon} map to the original code's
 * values ({@code alpha_ours = alpha_orig / 10} for rules I and III when training on standard mean
 * cross-entropy). Immutable and pure.
 *
 * @param rule the rule
 * @param alpha finite and {@code > 0}
 * @param epsilon finite and {@code >= 0}; 0 for the exact rules, ignored by rule III
 */
public record ScaleBySignalToNoise(SnrRule rule, double alpha, double epsilon)
    implements GradientTransform<SnrState> {
  /** Checks the components; see the class comment for their ranges. */
  public ScaleBySignalToNoise {
    checkNotNull(rule, "rule");
    SnrRule.checkParameters(alpha, epsilon);
  }

  /** The transform for {@code rule} with {@code alpha} and {@code epsilon}; see the class comment. */
  public static ScaleBySignalToNoise of(SnrRule rule, double alpha, double epsilon) {
    return new ScaleBySignalToNoise(rule, alpha, epsilon);
  }

  @Override
  public SnrState init(Params params) {
    return new SnrState(SnrDiagnostics.initial(params));
  }

  @Override
  public Update<SnrState> update(Params updates, SnrState state, StepContext ctx) {
    checkState(
        ctx.stats().isPresent(),
        "scaleBySignalToNoise(rule %s, alpha %s) needs per-example gradient statistics in"
            + " StepContext.stats(): compute them with PerExample.gradStats (or"
            + " PerExample.lossAndGradStats) for this batch",
        rule, alpha);
    GradientStats stats = ctx.stats().get();
    updates.checkSameStructure(stats.mean());
    ImmutableMap.Builder<String, Tensor> out = ImmutableMap.builderWithExpectedSize(updates.count());
    ImmutableMap.Builder<String, LayerDiagnostics> layers = ImmutableMap.builderWithExpectedSize(updates.count());
    SnrPass pass = SnrPass.of(rule, alpha, epsilon);
    for (Map.Entry<String, Tensor> e : updates.asMap().entrySet()) {
      String name = e.getKey();
      float[] result = new float[e.getValue().size()];
      layers.put(name, pass.apply(name, e.getValue().rawData(), stats.mean().get(name).rawData(),
          stats.variance().get(name).rawData(), result, ctx.kernel()));
      out.put(name, Tensor.wrap(e.getValue().shape(), result));
    }
    SnrDiagnostics diagnostics = new SnrDiagnostics(state.diagnostics().updates() + 1, layers.buildOrThrow());
    return new Update<>(Params.of(out.buildOrThrow()), new SnrState(diagnostics));
  }

  @Override
  public Class<SnrState> stateType() {
    return SnrState.class;
  }

  /** True: the factor needs the per-example gradient statistics of every batch. */
  @Override
  public boolean needsGradientStats() {
    return true;
  }
}
