package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchCriterionTest {
  private static RunResult point(double lr, double epochMean, double tail) {
    ExperimentConfig config = new ExperimentConfig(
        "embedded", List.of(8), OptimizerSpec.parse("sgd", 0), lr, 128, 1, 0, 1, false, 0, Backend.JAVA, true, 0.0);
    return new RunResult(config, List.of(
        new EpochMetrics(1, epochMean, 0.8, 0.6, 0.8, Double.NaN, Double.NaN, 1.0, 1000, 1.0, 0.0, tail, Map.of(), Double.NaN, Map.of())), false, "");
  }

  @Test
  void theTailRanksByWhereARateHasGotToTheEpochMeanByItsWholePath() {
    // the small rate falls faster at first (lower epoch mean); the large one ends lower
    List<RunResult> points = List.of(point(0.05, 0.40, 0.35), point(0.2, 0.45, 0.25));
    assertThat(Comparison.chosenRate(points, SearchCriterion.EPOCH_MEAN)).isEqualTo(0.05);
    assertThat(Comparison.chosenRate(points, SearchCriterion.TAIL)).isEqualTo(0.2);
  }

  @Test
  void divergedPointsNeverWinAndAllDivergedChoosesNothing() {
    RunResult diverged = new RunResult(point(1.0, 0.1, 0.1).config(), List.of(), true, "NaN at step 3");
    assertThat(Comparison.chosenRate(List.of(diverged, point(0.1, 0.5, 0.5)), SearchCriterion.TAIL)).isEqualTo(0.1);
    assertThat(Comparison.chosenRate(List.of(diverged), SearchCriterion.TAIL)).isNaN();
  }

  @Test
  void aTailRankingOfRunsRecordedWithoutTailLossesFailsNamingTheRun() {
    RunResult old = point(0.1, 0.5, Double.NaN);
    assertThatThrownBy(() -> SearchCriterion.TAIL.score(old))
        .hasMessageContaining(old.config().key()).hasMessageContaining("epoch-mean");
    assertThat(SearchCriterion.EPOCH_MEAN.score(old)).isEqualTo(0.5);
  }

  @Test
  void theTailIsTheLastFifthOfTheStepsAndAtLeastOne() {
    assertThat(SearchCriterion.tailSteps(1)).isEqualTo(1);
    assertThat(SearchCriterion.tailSteps(10)).isEqualTo(2);
    assertThat(SearchCriterion.tailSteps(468)).isEqualTo(94);
    assertThat(SearchCriterion.parse("epoch-mean")).isEqualTo(SearchCriterion.EPOCH_MEAN);
    assertThatThrownBy(() -> SearchCriterion.parse("last")).hasMessageContaining("[tail, epoch-mean]");
  }

  @Test
  void theTailMeanAveragesTheLastStepsOfTheRing() {
    // 7 steps into a ring of 3: slots hold steps 6, 4, 5 (losses 6, 4, 5 by step index)
    double[] ring = {6, 4, 5};
    assertThat(TrainingRun.tailMean(ring, 7)).isEqualTo(5.0);
    // fewer steps than the ring: only those
    assertThat(TrainingRun.tailMean(new double[] {2, 4, 0}, 2)).isEqualTo(3.0);
  }
}
