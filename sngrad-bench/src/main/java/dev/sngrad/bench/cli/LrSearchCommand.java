package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.CompareSettings;
import dev.sngrad.bench.experiment.Comparison;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.OptimizerSpec;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.Report;
import dev.sngrad.bench.experiment.RunLedger;
import dev.sngrad.bench.experiment.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code sngrad lr-search}: the original protocol's learning-rate search for one optimizer. */
@Command(
    name = "lr-search",
    mixinStandardHelpOptions = true,
    description = "Short runs on a geometric grid of learning rates, all from the same initial weights; the lowest final"
        + " training loss wins, and runs that diverge (NaN) are skipped and reported.")
final class LrSearchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin SingleRunOptions run;

  @Mixin LrGridOptions grid;

  @Spec CommandSpec spec;

  @Option(names = "--lr-points", defaultValue = "12", description = "Default: ${DEFAULT-VALUE}.")
  int lrPoints;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder for lr-search.csv, results.json, report.html and plots/ (final loss against"
      + " rate) and the run records. Default: runs/lr-search-<time>.")
  Path out;

  @Override
  public Integer call() throws Exception {
    OptimizerSpec optimizerSpec = run.optimizer(common.epsilon);
    CompareSettings settings = new CompareSettings(List.of(), List.of(run.batchSize), List.of(optimizerSpec), grid.searchEpochs, 1,
        grid.lrMin, grid.lrMax, lrPoints, grid.searchEpochs, common.augment, common.validation, common.threads(), common.backend("auto"),
        !common.keepLast, common.labelNoise, grid.criterion(), run.network.model());
    Progress progress = common.progress();
    DataBundle data = common.loadData();
    Path folder = out != null ? out : Path.of("runs", "lr-search-" + CompareCommand.timestamp());
    Comparison.Search search =
        new Comparison(data, settings, new RunLedger(folder), progress, Comparison.RunCounter.NONE).search(optimizerSpec, run.batchSize);
    Report.write(new Comparison.Result(data.name(), settings, List.of(search), List.of()), folder);
    spec.commandLine().getOut().println("| learning rate | training loss, epoch mean | training loss, last 20% of steps |");
    spec.commandLine().getOut().println("|---:|---:|---:|");
    for (RunResult r : search.points()) {
      spec.commandLine().getOut().printf(Locale.ROOT, "| %.4g | %s | %s |%n", r.config().learningRate(),
          r.diverged() ? "diverged" : String.format(Locale.ROOT, "%.4f", r.finalTrainLoss()),
          r.diverged() ? "diverged" : String.format(Locale.ROOT, "%.4f", r.last().tailTrainLoss()));
    }
    spec.commandLine().getOut().println("ranked by " + settings.searchCriterion().label());
    if (!search.found()) {
      spec.commandLine().getOut().println("every learning rate diverged; lower --lr-min");
      return 1;
    }
    spec.commandLine().getOut().printf(Locale.ROOT, "chosen learning rate for %s at batch size %d: %.4g (records in %s)%n",
        optimizerSpec.label(), run.batchSize, search.chosen(), folder);
    return 0;
  }
}
