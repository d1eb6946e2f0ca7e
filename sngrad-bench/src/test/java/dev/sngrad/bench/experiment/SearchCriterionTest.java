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
  void theValidationLossRanksByTheCleanSplitAndNeedsOne() {
    // with noisy labels the rate that fits the training labels best is not the one that generalizes
    RunResult memorizes = withValidationLoss(point(0.5, 0.20, 0.10), 0.90);
    RunResult generalizes = withValidationLoss(point(0.05, 0.40, 0.35), 0.60);
    List<RunResult> points = List.of(memorizes, generalizes);
    assertThat(Comparison.chosenRate(points, SearchCriterion.TAIL)).isEqualTo(0.5);
    assertThat(Comparison.chosenRate(points, SearchCriterion.VALIDATION_LOSS)).isEqualTo(0.05);
    RunResult noSplit = point(0.1, 0.5, 0.5);
    assertThatThrownBy(() -> SearchCriterion.VALIDATION_LOSS.score(noSplit))
        .hasMessageContaining(noSplit.config().key()).hasMessageContaining("validation split");
    assertThat(SearchCriterion.parse("validation-loss")).isEqualTo(SearchCriterion.VALIDATION_LOSS);
    // a protocol that ranks by it without a split is refused before anything trains
    assertThatThrownBy(() -> settings(0)).hasMessageContaining("needs a validation split");
    assertThat(settings(1000).validation()).isEqualTo(1000);
  }

  private static CompareSettings settings(int validation) {
    return new CompareSettings(List.of(8), List.of(128), List.of(OptimizerSpec.parse("sgd", 0)), 1, 1, 0.01, 0.1, 2, 1,
        false, validation, 1, Backend.JAVA, true, 0.2, SearchCriterion.VALIDATION_LOSS);
  }

  private static RunResult withValidationLoss(RunResult run, double validationLoss) {
    EpochMetrics m = run.last();
    return new RunResult(run.config(), List.of(new EpochMetrics(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testLoss(),
        m.testAccuracy(), validationLoss, 0.5, m.seconds(), m.examplesPerSecond(), m.meanFactor(), m.dampedFraction(),
        m.tailTrainLoss(), m.layers(), m.noiseScale(), m.noise())), false, "");
  }

  @Test
  void theTailIsTheLastFifthOfTheStepsAndAtLeastOne() {
    assertThat(SearchCriterion.tailSteps(1)).isEqualTo(1);
    assertThat(SearchCriterion.tailSteps(10)).isEqualTo(2);
    assertThat(SearchCriterion.tailSteps(468)).isEqualTo(94);
    assertThat(SearchCriterion.parse("epoch-mean")).isEqualTo(SearchCriterion.EPOCH_MEAN);
    assertThatThrownBy(() -> SearchCriterion.parse("last")).hasMessageContaining("[tail, epoch-mean, validation-loss]");
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
