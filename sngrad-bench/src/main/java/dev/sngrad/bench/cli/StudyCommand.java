package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.Comparison;
import dev.sngrad.bench.experiment.DataSource;
import dev.sngrad.bench.experiment.HtmlReport;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.Report;
import dev.sngrad.bench.experiment.StudyConfig;
import dev.sngrad.bench.experiment.StudyEngine;
import dev.sngrad.bench.experiment.StudyPart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        "Runs the compare protocol on every dataset of a JSON or YAML config file (keys: datasets, model (a spec as for train --model; older files: hidden),"
            + " batchSizes, optimizers, epochs, seeds, lrMin, lrMax, lrPoints, searchEpochs, augment, validation,"
            + " dataDir, validations, testFiles, extraOptimizers: per-dataset optimizers after the shared ones).",
        "Every finished run is recorded atomically under OUT/<dataset>/runs/; a killed study started again with"
            + " the same OUT continues where it stopped, never repeating or losing a finished run. Writes"
            + " OUT/<dataset>/ like compare, OUT/results.md with the table of all datasets, and OUT/report.html,"
            + " one self-contained page with the tables, plots and settings of every dataset.",
        "With --engine spark every learning-rate search point and training run is one Apache Spark task (see"
            + " docs/cluster.md); the ledger and reports are the same, so either engine resumes the other's study."})
final class StudyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "Study file (.json, .yaml or .yml).")
  Path config;

  @Option(names = "--out", paramLabel = "DIR", description = "Study folder. Default: runs/study-<config file name>.")
  Path out;

  @Option(names = "--report-only",
      description = "Train nothing: write the reports (results.md, report.html, every dataset's files) of the runs"
          + " recorded so far (for a study still in progress).")
  boolean reportOnly;

  @Option(names = "--datasets", split = ",", paramLabel = "NAME",
      description = "Train only these datasets of the study (comma-separated); report the others from their recorded"
          + " runs. Lets several processes share one study, one dataset each. Default: all.")
  List<String> onlyDatasets;

  @Option(names = "--engine", defaultValue = "${sys:sngrad.engine:-local}", paramLabel = "NAME",
      description = "local (this process, one run after another) or spark (every run a Spark task, each on --threads kernel"
          + " threads, default 1). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--master", paramLabel = "URL",
      description = "With --engine spark: the Spark master, e.g. local[2] or spark://HOST:7077. Default: spark-submit's, else local[*].")
  String master;

  @Option(names = "--table-batch-size", defaultValue = "256",
      description = "Batch size of the main table (rows: datasets). Default: ${DEFAULT-VALUE}.")
  int tableBatchSize;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("study file " + config + " does not exist");
    }
    // the study file is the protocol: a command-line flag that would change it must not pass unnoticed
    if (common.keepLast || common.labelNoise != 0) {
      throw new IllegalArgumentException("--keep-last and --label-noise are set in the study file (dropLast, labelNoise),"
          + " not on the command line of study");
    }
    StudyConfig study = StudyConfig.read(config);
    if (onlyDatasets != null && !study.datasets().containsAll(onlyDatasets)) {
      throw new IllegalArgumentException("--datasets " + String.join(",", onlyDatasets) + ": the study " + config
          + " has only the datasets " + String.join(",", study.datasets()));
    }
    String name = config.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path folder = out != null ? out : Path.of("runs", "study-" + name);
    Progress progress = common.progress();
    StudyEngine runner = StudyEngine.named(engine);
    int threads = common.threads != null ? common.threads : runner.defaultThreads();
    List<StudyPart> parts = new ArrayList<>();
    for (String dataset : study.datasets()) {
      Backend backend = common.backend(study.kernel());
      progress.message("== " + dataset + ", kernel " + backend.describe(threads));
      DataSource source = DataSource.of(dataset, study.folderOf(dataset, config).or(() -> Optional.ofNullable(common.dataDir)),
          common.download, study.validation(dataset), study.testFile(dataset));
      parts.add(new StudyPart(source, study.settings(dataset, threads, backend), folder.resolve(dataset)));
    }
    List<StudyPart> toTrain = parts.stream()
        .filter(p -> !reportOnly && (onlyDatasets == null || onlyDatasets.contains(p.dataset())))
        .toList();
    // a dataset's reports are written as soon as its last run is recorded, and all again at the end
    runner.train(toTrain, Optional.ofNullable(master), progress, part -> {
      try {
        Report.write(part.recorded(), part.folder());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    List<Comparison.Result> results = new ArrayList<>();
    List<HtmlReport.Part> pages = new ArrayList<>();
    for (StudyPart part : parts) {
      Comparison.Result result = part.recorded();
      pages.add(Report.write(result, part.folder()));
      results.add(result);
    }
    int batch = study.batchSizes().contains(tableBatchSize) ? tableBatchSize : study.batchSizes().get(0);
    String table = "# Accuracy % (mean ± sd over seeds; validation split where the dataset has one, else test), batch size "
        + batch + "\n\n" + Report.mainTable(results, batch)
        + "\n" + String.join("\n", results.stream().map(Report::markdown).toList());
    Files.writeString(folder.resolve("results.md"), table);
    HtmlReport.write(folder.resolve("report.html"), "sngrad study: " + name,
        "## Accuracy % (mean ± sd over seeds; validation split where the dataset has one, else test), batch size " + batch
            + "\n\n" + Report.mainTable(results, batch), pages);
    spec.commandLine().getOut().println(table);
    return 0;
  }
}
