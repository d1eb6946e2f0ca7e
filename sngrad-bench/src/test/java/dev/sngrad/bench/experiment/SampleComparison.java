package dev.sngrad.bench.experiment;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small comparison made up without training, for report tests: sgd and sgd+II at batch size 64,
 * two seeds of two epochs each, a three-rate search whose largest rate diverged.
 */
final class SampleComparison {
  static final OptimizerSpec SGD = OptimizerSpec.parse("sgd", 0);
  static final OptimizerSpec RULE = OptimizerSpec.parse("sgd+II:0.05", 0);
  static final CompareSettings SETTINGS =
      new CompareSettings(List.of(16), List.of(64), List.of(SGD, RULE), 2, 2, 0.01, 1.0, 3, 1, false, 0, 1, Backend.JAVA, true, 0.0,
          SearchCriterion.TAIL);

  private SampleComparison() {}

  static Comparison.Result result() {
    List<Comparison.Search> searches = new ArrayList<>();
    List<RunResult> runs = new ArrayList<>();
    for (OptimizerSpec o : SETTINGS.optimizers()) {
      double damping = o.usesStatistics() ? 0.5 : 0;
      List<RunResult> points = new ArrayList<>();
      for (double lr : SETTINGS.learningRates()) {
        ExperimentConfig c = SETTINGS.config("sample", o, lr, 64, 1, 0);
        points.add(lr >= 1.0
            ? new RunResult(c, List.of(), true, "step 3: non-finite loss")
            : new RunResult(c, List.of(epoch(1, 1.0 - lr, 0.7, damping)), false, ""));
      }
      searches.add(new Comparison.Search(o, 64, points, 0.1));
      for (long seed = 0; seed < 2; seed++) {
        runs.add(new RunResult(SETTINGS.config("sample", o, 0.1, 64, 2, seed),
            List.of(epoch(1, 0.9 - 0.05 * seed, 0.70 + 0.01 * seed, damping), epoch(2, 0.6 - 0.05 * seed, 0.80 + 0.01 * seed, damping)),
            false, ""));
      }
    }
    return new Comparison.Result("sample", SETTINGS, searches, runs);
  }

  static EpochMetrics epoch(int epoch, double loss, double accuracy, double damping) {
    Map<String, EpochMetrics.Damping> layers = damping == 0 ? Map.of() : ImmutableMap.of(
        "dense1/weight", new EpochMetrics.Damping(1 - damping, 2 * damping * loss),
        "dense1/bias", new EpochMetrics.Damping(1 - damping / 4, damping * loss / 2));
    // the noise scale grows as the loss falls, as it does in training
    Map<String, EpochMetrics.Noise> noise = damping == 0 ? Map.of() : ImmutableMap.of(
        "dense1/weight", new EpochMetrics.Noise(2, loss, 2 / loss),
        "dense1/bias", new EpochMetrics.Noise(0.5, loss / 4, 2 / loss));
    return new EpochMetrics(epoch, loss, accuracy, loss + 0.1, accuracy, Double.NaN, Double.NaN, 1.0, 1000,
        1 - damping / 2, damping, loss - 0.05, layers, damping == 0 ? Double.NaN : 2.5 / (1.25 * loss), noise);
  }
}
