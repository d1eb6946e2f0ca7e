package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.Comparison;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.Report;
import dev.sngrad.bench.experiment.RunLedger;
import dev.sngrad.bench.experiment.StudyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sngrad study}: {@code compare} over several datasets from a config file, resumable. */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the compare protocol on every dataset of a JSON or YAML config file (keys: datasets, hidden,"
            + " batchSizes, optimizers, epochs, seeds, lrMin, lrMax, lrPoints, searchEpochs, augment, validation,"
            + " dataDir, validations, testFiles).",
        "Every finished run is recorded atomically under OUT/<dataset>/runs/; a killed study started again with"
            + " the same OUT continues where it stopped, never repeating or losing a finished run. Writes"
            + " OUT/<dataset>/ like compare, and OUT/results.md with the table of all datasets."})
final class StudyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "Study file (.json, .yaml or .yml).")
  Path config;

  @Option(names = "--out", paramLabel = "DIR", description = "Study folder. Default: runs/study-<config file name>.")
  Path out;

  @Option(names = "--report-only",
      description = "Train nothing: write the reports of the runs recorded so far (for a study still in progress).")
  boolean reportOnly;

  @Option(names = "--datasets", split = ",", paramLabel = "NAME",
      description = "Train only these datasets of the study (comma-separated); report the others from their recorded"
          + " runs. Lets several processes share one study, one dataset each. Default: all.")
  List<String> onlyDatasets;

  @Option(names = "--table-batch-size", defaultValue = "256",
      description = "Batch size of the main table (rows: datasets). Default: ${DEFAULT-VALUE}.")
  int tableBatchSize;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("study file " + config + " does not exist");
    }
    StudyConfig study = StudyConfig.read(config);
    if (onlyDatasets != null && !study.datasets().containsAll(onlyDatasets)) {
      throw new IllegalArgumentException("--datasets " + String.join(",", onlyDatasets) + ": the study " + config
          + " has only the datasets " + String.join(",", study.datasets()));
    }
    String name = config.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path folder = out != null ? out : Path.of("runs", "study-" + name);
    Progress progress = common.progress();
    List<Comparison.Result> results = new ArrayList<>();
    for (String dataset : study.datasets()) {
      Backend backend = common.backend(study.kernel());
      progress.message("== " + dataset + ", kernel " + backend.describe(common.threads()));
      DataBundle data = DataBundle.load(dataset, study.folderOf(dataset, config).or(() -> java.util.Optional.ofNullable(common.dataDir)),
          common.download, study.validation(dataset), 0, study.testFile(dataset));
      Path datasetFolder = folder.resolve(dataset);
      Comparison comparison = new Comparison(data, study.settings(dataset, common.threads(), backend), new RunLedger(datasetFolder),
          progress, Comparison.RunCounter.NONE);
      boolean train = !reportOnly && (onlyDatasets == null || onlyDatasets.contains(dataset));
      Comparison.Result result = train ? comparison.run() : comparison.recorded();
      Report.write(result, datasetFolder);
      results.add(result);
    }
    int batch = study.batchSizes().contains(tableBatchSize) ? tableBatchSize : study.batchSizes().get(0);
    String table = "# Accuracy % (mean ± sd over seeds; validation split where the dataset has one, else test), batch size "
        + batch + "\n\n" + Report.mainTable(results, batch)
        + "\n" + String.join("\n", results.stream().map(Report::markdown).toList());
    Files.writeString(folder.resolve("results.md"), table);
    spec.commandLine().getOut().println(table);
    return 0;
  }
}
