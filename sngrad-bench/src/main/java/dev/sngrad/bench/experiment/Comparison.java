package dev.sngrad.bench.experiment;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the protocol of {@link CompareSettings} on one dataset, taking finished runs from a {@link
 * RunLedger} and recording new ones there. The original code reused SGD's learning rate for sngrad
 * by accident; here every optimizer gets its own search.
 */
public final class Comparison {
  private final DataBundle data;
  private final CompareSettings settings;
  private final RunLedger ledger;
  private final Progress progress;
  private final RunCounter counter;
  private final TrainingRun trainer;

  /** Told of every run trained and recorded in the ledger (not of runs read back from it). */
  public interface RunCounter {
    void trained(ExperimentConfig config);

    RunCounter NONE = c -> {};
  }

  public Comparison(DataBundle data, CompareSettings settings, RunLedger ledger, Progress progress, RunCounter counter) {
    this.data = data;
    this.settings = settings;
    this.ledger = ledger;
    this.progress = progress;
    this.counter = counter;
    this.trainer = new TrainingRun(data, progress);
  }

  /** One learning-rate search: every grid point's result and the chosen rate (NaN if all diverged). */
  public record Search(OptimizerSpec optimizer, int batchSize, List<RunResult> points, double chosen) {
    public Search {
      points = ImmutableList.copyOf(points);
    }

    /** True when at least one grid point trained without diverging. */
    public boolean found() {
      return !Double.isNaN(chosen);
    }
  }

  /** Everything a comparison produced. */
  public record Result(String dataset, CompareSettings settings, List<Search> searches, List<RunResult> runs) {
    public Result {
      searches = ImmutableList.copyOf(searches);
      runs = ImmutableList.copyOf(runs);
    }
  }

  /** Runs (or resumes) the comparison. */
  public Result run() throws IOException {
    List<Search> searches = new ArrayList<>();
    List<RunResult> runs = new ArrayList<>();
    int total = settings.batchSizes().size() * settings.optimizers().size();
    int done = 0;
    for (int batchSize : settings.batchSizes()) {
      for (OptimizerSpec optimizer : settings.optimizers()) {
        done++;
        progress.message(String.format("[%d/%d] %s, batch size %d: learning-rate search over %d rates",
            done, total, optimizer.label(), batchSize, settings.lrPoints()));
        Search search = search(optimizer, batchSize);
        searches.add(search);
        if (!search.found()) {
          progress.message("  every learning rate diverged; no training runs for " + optimizer.label());
          continue;
        }
        progress.message(String.format("  chosen learning rate %.4g; training %d seed(s) for %d epoch(s)",
            search.chosen(), settings.seeds(), settings.epochs()));
        for (ExperimentConfig config : settings.trainingConfigs(data.name(), optimizer, batchSize, search.chosen())) {
          runs.add(runOrRecall(config));
        }
      }
    }
    return new Result(data.name(), settings, searches, runs);
  }

  /**
   * The learning-rate search of {@code optimizer} at {@code batchSize}: every grid point from seed
   * 0's weights for {@code searchEpochs}, lowest training loss by the settings' {@link
   * SearchCriterion} wins, diverged points skipped.
   */
  public Search search(OptimizerSpec optimizer, int batchSize) throws IOException {
    List<RunResult> points = new ArrayList<>();
    for (ExperimentConfig config : settings.searchConfigs(data.name(), optimizer, batchSize)) {
      RunResult r = runOrRecall(config);
      points.add(r);
      if (r.diverged()) {
        progress.message(String.format("  lr %.4g diverged (skipped): %s", config.learningRate(), r.failure()));
      }
    }
    double best = chosenRate(points, settings.searchCriterion());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("optimizer", optimizer.label());
    fields.put("batchSize", batchSize);
    fields.put("chosenLearningRate", best);
    progress.event("lr-search", fields);
    return new Search(optimizer, batchSize, points, best);
  }

  /**
   * The rate a search chooses from its grid points: the learning rate of the point with the lowest
   * training loss by {@code criterion} (the first such point on ties); NaN if all diverged.
   */
  public static double chosenRate(List<RunResult> points, SearchCriterion criterion) {
    double best = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (RunResult r : points) {
      double loss = criterion.score(r);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = r.config().learningRate();
      }
    }
    return best;
  }

  /**
   * What the ledger holds so far, training nothing: a search whose every grid point is recorded
   * chooses its rate as {@link #run} would (an incomplete one chooses none), and the training runs
   * recorded for that rate are included. For reports of a study that is still in progress.
   */
  public Result recorded() throws IOException {
    return recorded(data.name(), settings, ledger);
  }

  /** {@link #recorded()} of the comparison of {@code settings} on {@code dataset}; needs no data. */
  public static Result recorded(String dataset, CompareSettings settings, RunLedger ledger) throws IOException {
    List<Search> searches = new ArrayList<>();
    List<RunResult> runs = new ArrayList<>();
    for (int batchSize : settings.batchSizes()) {
      for (OptimizerSpec optimizer : settings.optimizers()) {
        List<RunResult> points = new ArrayList<>();
        for (ExperimentConfig config : settings.searchConfigs(dataset, optimizer, batchSize)) {
          ledger.find(config).ifPresent(points::add);
        }
        double chosen = points.size() == settings.lrPoints() ? chosenRate(points, settings.searchCriterion()) : Double.NaN;
        searches.add(new Search(optimizer, batchSize, points, chosen));
        if (!Double.isNaN(chosen)) {
          for (ExperimentConfig config : settings.trainingConfigs(dataset, optimizer, batchSize, chosen)) {
            ledger.find(config).ifPresent(runs::add);
          }
        }
      }
    }
    return new Result(dataset, settings, searches, runs);
  }

  private RunResult runOrRecall(ExperimentConfig config) throws IOException {
    var recorded = ledger.find(config);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    RunResult r = trainer.run(config).result();
    ledger.record(r);
    counter.trained(config);
    return r;
  }
}
