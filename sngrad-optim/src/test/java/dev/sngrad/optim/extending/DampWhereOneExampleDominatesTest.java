package dev.sngrad.optim.extending;

import static dev.sngrad.optim.ParamsAssert.assertThatParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.extending.ExtendingGuide;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.Transforms;
import dev.sngrad.testkit.PerExampleOracle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DampWhereOneExampleDominatesTest {
  private static final ExampleLoss LOSS = (p, x, labels) -> Ops.softmaxCrossEntropy(Ops.matmul(x, p.get("w")), labels);

  @Test
  void aSessionStepDampsByTheMeanOverTheLargestMagnitudeOfALoopOfSingleExampleGrads() {
    SplittableRandom rng = new SplittableRandom(11);
    Params params = Params.builder().put("w", Tensor.normal(Shape.of(6, 3), 0.5f, rng)).build();
    Tensor x = Tensor.normal(Shape.of(40, 6), 1f, rng);
    int[] labels = rng.ints(40, 0, 3).toArray();

    // [extending:reduction-use]
    GradientTransform<ChainState> optimizer = Transforms.chain(new DampWhereOneExampleDominates(),
        Transforms.scaleBySignalToNoise(SnrRule.III, 1.0), Transforms.scaleByLearningRate(0.1));
    TrainingSession session = TrainingSession.start(TrainStep.of(LOSS, optimizer).withChunkSize(16), params);
    // [extending:reduction-use]
    session.step(new Minibatch(x, labels));

    // by hand: w - 0.1 * mu * (|mu| / max_i |g_i|) * factor_III, all from the loop's gradients
    Tensor g = PerExampleOracle.loopOfSingleExampleGrads(LOSS, params, x, labels).get("w");
    GradientStats stats = PerExampleOracle.naiveStats(Params.builder().put("w", g).build());
    float[] mu = stats.mean().get("w").toArray();
    float[] variance = stats.variance().get("w").toArray();
    float[] expected = params.get("w").toArray();
    for (int j = 0; j < expected.length; j++) {
      float largest = 0;
      for (int i = 0; i < 40; i++) {
        largest = Math.max(largest, Math.abs(g.getFlat(i * expected.length + j)));
      }
      assertThat(Math.abs(mu[j])).isLessThanOrEqualTo(largest);
      double factorIii = 1 - Math.min(Math.sqrt(variance[j]), 1);
      expected[j] -= (float) (0.1 * mu[j] * (Math.abs(mu[j]) / largest) * factorIii);
    }
    assertThatParams(session.params())
        .isCloseTo(Params.builder().put("w", Tensor.of(Shape.of(6, 3), expected)).build(), 1e-6, 1e-5);
  }

  @Test
  void withoutItsReductionTheRuleFailsNamingIt() {
    Params grad = Params.builder().put("w", Tensor.vector(1f, -2f)).build();
    GradientStats stats = new GradientStats(grad, grad.map(t -> Tensor.zeros(t.shape())), 4);
    DampWhereOneExampleDominates rule = new DampWhereOneExampleDominates();
    assertThat(rule.perExampleReductions()).containsExactly(new LargestMagnitude());
    assertThatThrownBy(() -> rule.update(grad, rule.init(grad), StepContext.withStats(grad, stats, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'largest magnitude'");
  }

  @Test
  void theGuideShowsThisCode() throws IOException {
    Path dir = Path.of("src/test/java/dev/sngrad/optim/extending");
    ExtendingGuide.assertGuideShows(dir.resolve("LargestMagnitude.java"), "reduction");
    ExtendingGuide.assertGuideShows(dir.resolve("DampWhereOneExampleDominates.java"), "reduction-rule");
    ExtendingGuide.assertGuideShows(dir.resolve("DampWhereOneExampleDominatesTest.java"), "reduction-use");
  }
}
