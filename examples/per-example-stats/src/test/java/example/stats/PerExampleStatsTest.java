package example.stats;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.testkit.GradientAssertions;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The hand-written model checked the way sngrad checks its own: the testkit's oracles. */
class PerExampleStatsTest {
  private final Params params = PerExampleStats.init(1);
  private final Tensor x = PerExampleStats.inputs(24, 2);
  private final int[] labels = PerExampleStats.labels(x);

  @Test
  void perExampleGradientsAndStatisticsEqualALoopOfSingleExampleGrads() {
    PerExampleOracle.of(PerExampleStats.LOSS)
        .assertGradMatchesLoop(params, x, labels, 1e-5)
        .assertGradStatsMatchNaive(params, x, labels, 1e-5, 1e-4);
    // the same in chunks of 5 examples (three passes and a remainder)
    PerExampleOracle.of(PerExampleStats.LOSS)
        .checking(PerExample.of(PerExampleStats.LOSS).withChunkSize(5))
        .assertGradMatchesLoop(params, x, labels, 1e-5)
        .assertGradStatsMatchNaive(params, x, labels, 1e-5, 1e-4);
  }

  @Test
  void theDenseLayersTakeTheFusedPath() {
    assertThat(PerExample.of(PerExampleStats.LOSS).lossAndGradStats(params, x, labels).materialized()).isEmpty();
  }

  @Test
  void theMeanOfThePerExampleGradientsIsTheGradientOfTheMeanLoss() {
    GradientStats stats = PerExample.of(PerExampleStats.LOSS).gradStats(params, x, labels);
    Params gradOfMean = Grad.of(p -> Ops.mean(PerExampleStats.LOSS.apply(p, Var.constant(x), labels))).apply(params);
    assertThat(stats.mean()).hasRelativeErrorAtMost(gradOfMean, 1e-5);
    assertThat(stats.count()).isEqualTo(24);
  }

  @Test
  void theModelsGradientMatchesFiniteDifferences() {
    GradientAssertions.assertVjpMatchesFiniteDifferences(
        "hand-written network", p -> PerExampleStats.logits(p, Var.constant(x)), params,
        GradCheck.Options.defaults(), 3);
  }

  @Test
  void labelsUseEveryClass() {
    int[] counts = new int[PerExampleStats.CLASSES];
    for (int y : PerExampleStats.labels(PerExampleStats.inputs(256, 2))) {
      counts[y]++;
    }
    assertThat(Arrays.stream(counts).min().orElseThrow()).as(Arrays.toString(counts)).isGreaterThan(20);
  }
}
