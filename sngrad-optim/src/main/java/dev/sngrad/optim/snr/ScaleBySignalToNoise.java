package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import java.util.Map;
import java.util.Optional;

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
      float[] result = ctx.updateBuffers().floats(e.getValue().size());
      layers.put(name, pass.apply(name, e.getValue().rawData(), stats.mean().get(name).rawData(),
          stats.variance().get(name).rawData(), result, ctx.kernel()));
      out.put(name, Tensor.wrap(e.getValue().shape(), result));
    }
    SnrDiagnostics diagnostics = new SnrDiagnostics(state.diagnostics().updates() + 1, layers.buildOrThrow());
    return new Update<>(Params.of(out.buildOrThrow()), new SnrState(diagnostics));
  }

  /**
   * One whole step of {@code chain(this, scaleByLearningRate(lr))} and {@code Updates.apply} from
   * the fused moments of every parameter ({@code scale = -lr}), in one pass: the new parameters and
   * this transform's next state, with exactly the bits of the separate steps; the new parameters'
   * arrays and the pass's scratch arrays come from {@code into}. Empty when a mean,
   * variance, update or new parameter is not finite; the separate steps then report it.
   */
  public Optional<ScaledStep> scaledStepFromMoments(
      Params params, Map<String, Moments> moments, SnrState state, double scale, MatMulKernel kernel,
      BufferSource into) {
    checkArgument(moments.keySet().equals(params.asMap().keySet()),
        "moments of %s for parameters %s", moments.keySet(), params.asMap().keySet());
    return ScaledStepFromMoments.apply(SnrPass.of(rule, alpha, epsilon), params, moments, scale, kernel, into)
        .map(r -> new ScaledStep(r.params(),
            new SnrState(new SnrDiagnostics(state.diagnostics().updates() + 1, r.layers()))));
  }

  /** The result of {@link #scaledStepFromMoments}: new parameters and this transform's state. */
  public record ScaledStep(Params params, SnrState state) {}

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
