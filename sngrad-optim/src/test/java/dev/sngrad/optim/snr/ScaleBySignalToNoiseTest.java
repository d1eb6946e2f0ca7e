package dev.sngrad.optim.snr;

import static dev.sngrad.optim.ParamsAssert.assertThatParams;
import static dev.sngrad.optim.ParamsAssert.deepCopy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.optim.transform.Transforms;
import org.junit.jupiter.api.Test;

class ScaleBySignalToNoiseTest {
  // w: mu = [0.3, 0.1, 0], sigma^2 = 0.04 (sigma = 0.2); b: mu = [1, -1], sigma^2 = 0
  private static final Params MU =
      Params.builder().put("w", Tensor.vector(0.3f, 0.1f, 0f)).put("b", Tensor.vector(1f, -1f)).build();
  private static final Params VARIANCE =
      Params.builder().put("w", Tensor.vector(0.04f, 0.04f, 0.04f)).put("b", Tensor.vector(0f, 0f)).build();
  private static final GradientStats STATS = new GradientStats(MU, VARIANCE, 8);
  private static final Params PARAMS = MU.zerosLike();

  @Test
  void ruleTwoOnHandComputedStatistics() {
    ScaleBySignalToNoise snr = Transforms.scaleBySignalToNoise(SnrRule.II, 1.0);
    Update<EmptyState> u = snr.update(MU, snr.init(PARAMS), StepContext.withStats(PARAMS, STATS, 0));

    // w: 0.09/0.04 = 2.25 -> 1; 0.01/0.04 = 0.25; 0/0.04 = 0  => [0.3, 0.025, 0]
    // b: sigma = 0 keeps mu => [1, -1]
    Params expected =
        Params.builder().put("w", Tensor.vector(0.3f, 0.025f, 0f)).put("b", Tensor.vector(1f, -1f)).build();
    assertThatParams(u.updates()).isCloseTo(expected, 1e-7);

    // the diagnostics are the update's auxiliary output; the state stays empty
    assertThat(u.state()).isEqualTo(EmptyState.instance());
    SnrDiagnostics d = u.aux().first(SnrDiagnostics.class).orElseThrow();
    assertThat(d.layers().keySet()).containsExactly("w", "b");
    LayerDiagnostics w = d.layer("w");
    // mean factor (1 + 0.25 + 0) / 3 = 0.41666..., damped 2 of 3
    assertThat(w.elements()).isEqualTo(3);
    assertThat(w.meanFactor()).isCloseTo(1.25 / 3, within(1e-6));
    assertThat(w.dampedFraction()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(d.layer("b")).isEqualTo(new LayerDiagnostics(2, 1, 0));
    // overall: (1.25 + 2) / 5 = 0.65 mean factor, 2 of 5 damped
    assertThat(d.meanFactor()).isCloseTo(0.65, within(1e-6));
    assertThat(d.dampedFraction()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void scalesTheIncomingUpdateSoItComposesAfterClipping() {
    GradientTransform<ChainState> chain =
        Transforms.chain(Transforms.clipByGlobalNorm(0.1), Transforms.scaleBySignalToNoise(SnrRule.II, 1.0));
    Update<ChainState> u = chain.update(MU, chain.init(PARAMS), StepContext.withStats(PARAMS, STATS, 0));
    // global norm sqrt(0.09 + 0.01 + 0 + 1 + 1) = sqrt(2.1) = 1.4491377; clip scale c = 0.1 / 1.4491377
    // = 0.06900656; then the factors from mu and sigma^2 (not from the clipped values): 1, 0.25, 0, 1, 1
    double c = 0.1 / Math.sqrt(2.1);
    Params expected =
        Params.builder()
            .put("w", Tensor.vector((float) (0.3 * c), (float) (0.1 * c * 0.25), 0f))
            .put("b", Tensor.vector((float) c, (float) -c))
            .build();
    assertThatParams(u.updates()).isCloseTo(expected, 1e-7);
  }

  @Test
  void missingStatisticsFailNamingPerExampleGradStats() {
    ScaleBySignalToNoise snr = Transforms.scaleBySignalToNoise(SnrRule.I, 1.0);
    assertThatThrownBy(() -> snr.update(MU, snr.init(PARAMS), StepContext.of(PARAMS, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PerExample.gradStats");
  }

  @Test
  void needsGradientStatisticsAlsoInsideAChain() {
    assertThat(Transforms.scaleBySignalToNoise(SnrRule.III, 1.0).needsGradientStats()).isTrue();
    assertThat(
            Transforms.chain(Transforms.clipByGlobalNorm(1), Transforms.scaleBySignalToNoise(SnrRule.I, 1.0))
                .needsGradientStats())
        .isTrue();
    assertThat(Transforms.chain(Transforms.clipByGlobalNorm(1), Transforms.scaleByLearningRate(0.1)).needsGradientStats())
        .isFalse();
  }

  @Test
  void nonFiniteStatisticsFailNamingTheParameter() {
    Params badVariance =
        Params.builder().put("w", Tensor.vector(0.04f, Float.NaN, 0.04f)).put("b", Tensor.vector(0f, 0f)).build();
    GradientStats bad = new GradientStats(MU, badVariance, 8);
    ScaleBySignalToNoise snr = Transforms.scaleBySignalToNoise(SnrRule.I, 1.0);
    assertThatThrownBy(() -> snr.update(MU, snr.init(PARAMS), StepContext.withStats(PARAMS, bad, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'w' at element 1")
        .hasMessageContaining("variance NaN");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> Transforms.scaleBySignalToNoise(SnrRule.I, 0))
        .hasMessageContaining("alpha must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> Transforms.scaleBySignalToNoise(SnrRule.I, -1))
        .hasMessageContaining("alpha must be finite and > 0, got -1.0");
    assertThatThrownBy(() -> Transforms.scaleBySignalToNoise(SnrRule.II, 1, Double.NaN))
        .hasMessageContaining("epsilon must be finite and >= 0, got NaN");
  }

  @Test
  void isPure() {
    ScaleBySignalToNoise snr = Transforms.scaleBySignalToNoise(SnrRule.I, 3.0);
    Params updates = deepCopy(MU);
    EmptyState state = snr.init(PARAMS);
    StepContext ctx = StepContext.withStats(PARAMS, STATS, 4);
    Update<EmptyState> first = snr.update(updates, state, ctx);
    Update<EmptyState> second = snr.update(updates, state, ctx);
    assertThat(second).isEqualTo(first);
    assertThat(updates).isEqualTo(MU);
    assertThat(STATS.mean()).isEqualTo(deepCopy(MU));
    assertThat(state).isEqualTo(snr.init(PARAMS));
  }
}
