package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private static final OptimizerSpec SGD = OptimizerSpec.parse("sgd", 0);
  private static final OptimizerSpec RULE = OptimizerSpec.parse("sgd+II:0.001", 0);

  private static RunResult run(OptimizerSpec o, long seed, double testAccuracy) {
    ExperimentConfig config = new ExperimentConfig("embedded", List.of(8), o, 0.05, 128, 1, seed, 1, false, 0, Backend.JAVA, false, 0.0);
    return new RunResult(config, List.of(
        new EpochMetrics(1, 0.5, 0.8, 0.6, testAccuracy, Double.NaN, Double.NaN, 1.0, 1000, 1.0, 0.0, Double.NaN, Map.of(), Double.NaN, Map.of())), false, "");
  }

  @Test
  void theDifferenceToTheReferenceIsTakenSeedBySeedOverTheSeedsBothHave() {
    Summary sgd = new Summary(SGD, 128, 0.05, List.of(run(SGD, 0, 0.880), run(SGD, 1, 0.870), run(SGD, 2, 0.890)));
    // seed 3 has no reference run and is left out; seeds 0-2 differ by +0.2, +0.4, +0.0 points
    Summary rule = new Summary(RULE, 128, 0.05,
        List.of(run(RULE, 2, 0.890), run(RULE, 0, 0.882), run(RULE, 1, 0.874), run(RULE, 3, 0.999)));
    var d = rule.pairedDifference(sgd).orElseThrow();
    assertThat(d.count()).isEqualTo(3);
    assertThat(d.mean()).isCloseTo(0.002, within(1e-12));
    assertThat(d.sampleStandardDeviation()).isCloseTo(0.002, within(1e-12));
    // 95% t interval: 0.20 ± t(0.975, 2) * 0.20 / sqrt(3) = 0.20 ± 4.303 * 0.1155 = 0.20 ± 0.50
    assertThat(rule.pairedDifferenceText(sgd)).isEqualTo("+0.20 [-0.30, +0.70] (3)");
    // unpaired, the reference alone spreads by 1 point (sd), five times the paired difference
    assertThat(sgd.testAccuracy().sampleStandardDeviation()).isGreaterThan(0.009);
  }

  private static EpochMetrics epoch(int epoch, double validationAccuracy, double testAccuracy) {
    return new EpochMetrics(epoch, 0.5, 0.8, 0.6, testAccuracy, 0.7, validationAccuracy, 1.0, 1000, 1.0, 0.0, Double.NaN,
        Map.of(), Double.NaN, Map.of());
  }

  @Test
  void earlyStoppingTakesTheTestAccuracyOfTheFirstEpochOfBestValidationAccuracy() {
    ExperimentConfig config = new ExperimentConfig("embedded", List.of(8), SGD, 0.05, 128, 4, 0, 1, false, 100, Backend.JAVA, true, 0.4);
    // validation peaks at epoch 2 (tied at 4); memorizing the wrong labels lowers it at epoch 3
    RunResult memorizing = new RunResult(config, List.of(epoch(1, 0.80, 0.81), epoch(2, 0.90, 0.88), epoch(3, 0.70, 0.72),
        epoch(4, 0.90, 0.86)), false, "");
    RunResult steady = new RunResult(config, List.of(epoch(1, 0.60, 0.61), epoch(2, 0.70, 0.70)), false, "");
    Summary s = new Summary(SGD, 128, 0.05, List.of(memorizing, steady));
    assertThat(s.earlyStoppedTestAccuracy().mean()).isCloseTo((0.88 + 0.70) / 2, within(1e-12));
    assertThat(s.testAccuracy().mean()).isCloseTo((0.86 + 0.70) / 2, within(1e-12));
    // without a validation split there is nothing to stop on
    assertThat(new Summary(SGD, 128, 0.05, List.of(run(SGD, 0, 0.88))).earlyStoppedTestAccuracy().mean()).isNaN();
  }

  @Test
  void oneSharedSeedGivesItsDifferenceAndNoneGivesADash() {
    Summary sgd = new Summary(SGD, 128, 0.05, List.of(run(SGD, 0, 0.880)));
    assertThat(new Summary(RULE, 128, 0.05, List.of(run(RULE, 0, 0.875))).pairedDifferenceText(sgd)).isEqualTo("-0.50 (1)");
    assertThat(new Summary(RULE, 128, 0.05, List.of(run(RULE, 5, 0.875))).pairedDifferenceText(sgd)).isEqualTo("-");
  }
  @Test
  void diagnosticsOfTheFirstAndTheLastEpochAreAveragedOverSeeds() {
    List<RunResult> runs = List.of(twoEpochs(0, 0.90, 0.20, 0.80, 0.40), twoEpochs(1, 0.70, 0.30, 0.60, 0.60));
    Summary rule = new Summary(RULE, 128, 0.05, runs);
    assertThat(rule.firstMeanFactor().mean()).isCloseTo(0.80, within(1e-12));
    assertThat(rule.firstDampedFraction().mean()).isCloseTo(0.25, within(1e-12));
    assertThat(rule.meanFactor().mean()).isCloseTo(0.70, within(1e-12));
    assertThat(rule.dampedFraction().mean()).isCloseTo(0.50, within(1e-12));
  }

  private static RunResult twoEpochs(long seed, double factor1, double damped1, double factor2, double damped2) {
    ExperimentConfig config = new ExperimentConfig("embedded", List.of(8), RULE, 0.05, 128, 2, seed, 1, false, 0, Backend.JAVA, false, 0.0);
    return new RunResult(config, List.of(
        new EpochMetrics(1, 0.5, 0.8, 0.6, 0.8, Double.NaN, Double.NaN, 1.0, 1000, factor1, damped1, Double.NaN, Map.of(), Double.NaN, Map.of()),
        new EpochMetrics(2, 0.4, 0.85, 0.5, 0.85, Double.NaN, Double.NaN, 1.0, 1000, factor2, damped2, Double.NaN, Map.of(), Double.NaN, Map.of())), false, "");
  }
}
