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
        for (long seed = 0; seed < settings.seeds(); seed++) {
          runs.add(runOrRecall(settings.config(data.name(), optimizer, search.chosen(), batchSize, settings.epochs(), seed)));
        }
      }
    }
    return new Result(data.name(), settings, searches, runs);
  }

  /**
   * The learning-rate search of {@code optimizer} at {@code batchSize}: every grid point from seed
   * 0's weights for {@code searchEpochs}, lowest final training loss wins, diverged points skipped.
   */
  public Search search(OptimizerSpec optimizer, int batchSize) throws IOException {
    List<RunResult> points = new ArrayList<>();
    double best = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double lr : settings.learningRates()) {
      RunResult r = runOrRecall(settings.config(data.name(), optimizer, lr, batchSize, settings.searchEpochs(), 0));
      points.add(r);
      if (r.diverged()) {
        progress.message(String.format("  lr %.4g diverged (skipped): %s", lr, r.failure()));
      } else if (r.finalTrainLoss() < bestLoss) {
        bestLoss = r.finalTrainLoss();
        best = lr;
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("optimizer", optimizer.label());
    fields.put("batchSize", batchSize);
    fields.put("chosenLearningRate", best);
    progress.event("lr-search", fields);
    return new Search(optimizer, batchSize, points, best);
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
