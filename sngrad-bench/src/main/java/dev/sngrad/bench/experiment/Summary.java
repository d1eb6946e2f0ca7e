package dev.sngrad.bench.experiment;

import com.google.common.math.Stats;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mean and sample standard deviation over seeds of a comparison's final test accuracy (and other
 * last-epoch metrics) for one optimizer and batch size.
 *
 * @param runs finished (non-diverged) runs of the cell
 */
public record Summary(OptimizerSpec optimizer, int batchSize, double learningRate, List<RunResult> runs) {
  /** Runs of {@code result} for one optimizer and batch size. */
  public static Summary of(Comparison.Result result, OptimizerSpec optimizer, int batchSize) {
    double lr = result.searches().stream()
        .filter(s -> s.optimizer().equals(optimizer) && s.batchSize() == batchSize)
        .mapToDouble(Comparison.Search::chosen)
        .findFirst()
        .orElse(Double.NaN);
    List<RunResult> runs = result.runs().stream()
        .filter(r -> r.config().optimizer().equals(optimizer) && r.config().batchSize() == batchSize && !r.diverged())
        .toList();
    return new Summary(optimizer, batchSize, lr, runs);
  }

  /** True when at least one run finished. */
  public boolean hasRuns() {
    return !runs.isEmpty();
  }

  /** Final accuracy on the selection set: the validation split if the runs have one, else the test set. */
  public Stats accuracy() {
    return Stats.of(runs.stream().mapToDouble(r -> r.last().selectionAccuracy()).toArray());
  }

  /** Final test-set accuracy; NaN when it was not measured. */
  public Stats testAccuracy() {
    return Stats.of(runs.stream().mapToDouble(r -> r.last().testAccuracy()).toArray());
  }

  /**
   * Early stopping: the test accuracy of each run at its epoch of highest validation accuracy (the
   * first such epoch), as a run stopped there would report it; NaN without a validation split.
   */
  public Stats earlyStoppedTestAccuracy() {
    return Stats.of(runs.stream().mapToDouble(Summary::earlyStoppedTestAccuracy).toArray());
  }

  private static double earlyStoppedTestAccuracy(RunResult run) {
    EpochMetrics best = null;
    for (EpochMetrics m : run.epochs()) {
      if (!Double.isNaN(m.validationAccuracy()) && (best == null || m.validationAccuracy() > best.validationAccuracy())) {
        best = m;
      }
    }
    return best == null ? Double.NaN : best.testAccuracy();
  }

  /** {@link #earlyStoppedTestAccuracy} as {@link #accuracyText} writes it. */
  public String earlyStoppedTestAccuracyText() {
    return hasRuns() ? percent(earlyStoppedTestAccuracy()) : "-";
  }

  public Stats trainLoss() {
    return Stats.of(runs.stream().mapToDouble(r -> r.last().trainLoss()).toArray());
  }

  /** The last epoch's mean sngrad factor. */
  public Stats meanFactor() {
    return Stats.of(runs.stream().mapToDouble(r -> r.last().meanFactor()).toArray());
  }

  /** The last epoch's share of damped parameters. */
  public Stats dampedFraction() {
    return Stats.of(runs.stream().mapToDouble(r -> r.last().dampedFraction()).toArray());
  }

  /** The first epoch's mean sngrad factor. */
  public Stats firstMeanFactor() {
    return Stats.of(runs.stream().mapToDouble(r -> r.first().meanFactor()).toArray());
  }

  /** The first epoch's share of damped parameters. */
  public Stats firstDampedFraction() {
    return Stats.of(runs.stream().mapToDouble(r -> r.first().dampedFraction()).toArray());
  }

  /** Milliseconds per training step of a full batch, in the last epochs. */
  public Stats millisPerStep() {
    return Stats.of(runs.stream().mapToDouble(r -> 1000.0 * r.config().batchSize() / r.last().examplesPerSecond()).toArray());
  }

  /** {@link #accuracy} as {@code 88.12 ± 0.31} (percent), {@code 88.12} for one seed, {@code -} for none. */
  public String accuracyText() {
    return hasRuns() ? percent(accuracy()) : "-";
  }

  /** {@link #testAccuracy} in the same form; {@code n/a} when not measured. */
  public String testAccuracyText() {
    return hasRuns() ? percent(testAccuracy()) : "-";
  }

  /**
   * This cell's final selection accuracy minus {@code reference}'s, seed by seed (runs of one seed
   * start from the same weights and see the same batches, so the pairs differ only by the
   * optimizer), over the seeds both have; empty when they share none.
   */
  public Optional<Stats> pairedDifference(Summary reference) {
    Map<Long, Double> byReferenceSeed = new HashMap<>();
    reference.runs().forEach(r -> byReferenceSeed.put(r.config().seed(), r.last().selectionAccuracy()));
    double[] differences = runs.stream()
        .filter(r -> byReferenceSeed.containsKey(r.config().seed()))
        .mapToDouble(r -> r.last().selectionAccuracy() - byReferenceSeed.get(r.config().seed()))
        .toArray();
    return differences.length == 0 ? Optional.empty() : Optional.of(Stats.of(differences));
  }

  /**
   * {@link #pairedDifference} in percentage points with its 95% t interval, as {@code +0.12
   * [-0.30, +0.54] (3)} (mean, interval, paired seeds), {@code -} without a shared seed; see
   * {@link PairedDifference}.
   */
  public String pairedDifferenceText(Summary reference) {
    return pairedDifference(reference).map(d -> new PairedDifference(d).percentText()).orElse("-");
  }

  private static String percent(Stats s) {
    if (Double.isNaN(s.mean())) {
      return "n/a";
    }
    return s.count() > 1
        ? String.format("%.2f ± %.2f", 100 * s.mean(), 100 * s.sampleStandardDeviation())
        : String.format("%.2f", 100 * s.mean());
  }
}
