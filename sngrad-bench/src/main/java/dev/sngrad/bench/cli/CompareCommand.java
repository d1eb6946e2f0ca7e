package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.CompareSettings;
import dev.sngrad.bench.experiment.Comparison;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.OptimizerSpec;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.Report;
import dev.sngrad.bench.experiment.RunLedger;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code sngrad compare}: the main job. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
        "The main job. For every batch size and optimizer: a learning-rate search, then training from identical"
            + " initial weights for every seed. Prints the results tables and writes report.html (one self-contained"
            + " page: tables, accuracy and loss curves with seed bands, learning-rate searches, damping diagnostics"
            + " and settings; opens from disk in any browser), summary.md, runs.csv, lr-search.csv, results.json"
            + " and the plots as PNG files. With no arguments it runs on the embedded Fashion-MNIST subset and takes"
            + " about a minute on two cores.",
        "Started again with the same --out, it resumes: finished runs are read back, not repeated."})
final class CompareCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin LrGridOptions grid;

  @Spec CommandSpec spec;

  @Mixin NetworkOptions network = new NetworkOptions("mlp:128,128");

  @Option(names = "--optimizers", split = ",", defaultValue = "sgd,sgd+I,sgd+II,sgd+III", paramLabel = "LIST",
      description = "Optimizers, base[+RULE[:alpha]][@warmup:N][@clip:C] (e.g. sgd+I:0.2; @warmup:N raises the rate linearly over the first N updates, @clip:C scales the gradient down to global norm C). Default: ${DEFAULT-VALUE}.")
  List<String> optimizers;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "128,256,512,1024", paramLabel = "LIST",
      description = "Default: ${DEFAULT-VALUE}.")
  List<Integer> batchSizes;

  @Option(names = "--epochs", defaultValue = "5", description = "Epochs of every training run. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--seeds", defaultValue = "2", description = "Seeds 0..N-1 per optimizer and batch size. Default: ${DEFAULT-VALUE}.")
  int seeds;

  @Option(names = "--lr-points", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
  int lrPoints;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/compare-<dataset>-<time>.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<OptimizerSpec> specs = optimizers.stream().map(o -> OptimizerSpec.parse(o, common.epsilon)).toList();
    CompareSettings settings = new CompareSettings(List.of(), batchSizes, specs, epochs, seeds, grid.lrMin, grid.lrMax,
        lrPoints, grid.searchEpochs, common.augment, common.validation, common.threads(), common.backend("auto"),
        !common.keepLast, common.labelNoise, grid.criterion(), network.model());
    Progress progress = common.progress();
    DataBundle data = common.loadData();
    Path folder = out != null ? out : Path.of("runs", "compare-" + data.name() + "-" + timestamp());
    progress.message(String.format("comparing %s on %s (%d training examples, %d test examples%s), kernel %s; results in %s",
        optimizers, data.name(), data.train().size(), data.test().size(), validationText(data),
        settings.backend().describe(settings.threads()), folder));
    Comparison.Result result = new Comparison(data, settings, new RunLedger(folder), progress, Comparison.RunCounter.NONE).run();
    Report.write(result, folder);
    spec.commandLine().getOut().println(Report.markdown(result));
    spec.commandLine().getOut().println("Written: " + folder.resolve("report.html")
        + " (tables, plots and settings in one page), summary.md, runs.csv, lr-search.csv, results.json, plots/*.png");
    return 0;
  }

  /** {@code ", 10000 validation examples"} or nothing. */
  static String validationText(DataBundle data) {
    return data.validation().map(v -> ", " + v.size() + " validation examples").orElse("");
  }

  static String timestamp() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }
}
