package dev.sngrad.spark;

import dev.sngrad.bench.experiment.Comparison;
import dev.sngrad.bench.experiment.CompareSettings;
import dev.sngrad.bench.experiment.ExperimentConfig;
import dev.sngrad.bench.experiment.OptimizerSpec;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.RunLedger;
import dev.sngrad.bench.experiment.RunResult;
import dev.sngrad.bench.experiment.StudyPart;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function2;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The driver of a study on Spark. Every cell (dataset, batch size, optimizer) runs on a driver
 * thread of its own: one Spark job for the learning-rate search points its ledger lacks, then,
 * once the search has chosen its rate, one job for the missing training runs. Each job has one
 * task per run; Spark schedules the jobs of all cells together (concurrent jobs of one
 * application), so the cluster stays busy across cells and datasets. Each task's result is
 * recorded in the ledger on the driver the moment Spark hands it over (a job's result handler is
 * called once per task, however often the task was attempted), so a driver killed mid-study loses
 * only the runs still in flight.
 */
final class SparkStudy {
  private final JavaSparkContext spark;
  private final Progress progress;
  private final Optional<String> failFirstAttemptOf;

  /**
   * @param failFirstAttemptOf a test switch: the run with this {@link ExperimentConfig#key} fails
   *     on its first attempt
   */
  SparkStudy(JavaSparkContext spark, Progress progress, Optional<String> failFirstAttemptOf) {
    this.spark = spark;
    this.progress = progress;
    this.failFirstAttemptOf = failFirstAttemptOf;
  }

  /** A dataset of the study as the driver sees it: its part, its ledger and its data's fingerprint. */
  private record Part(StudyPart part, RunLedger ledger, String fingerprint) {}

  /** One cell of a part. */
  private record Cell(Part part, int batchSize, OptimizerSpec optimizer) {
    String label() {
      return part.part().dataset() + " " + optimizer.label() + " b=" + batchSize;
    }
  }

  /** Trains every run the ledgers of {@code parts} lack; {@code finished} hears of each part when it is complete. */
  void train(List<StudyPart> parts, Consumer<StudyPart> finished) throws IOException {
    String kernel = RunTask.javaKernel();
    List<Cell> cells = new ArrayList<>();
    Map<Part, Integer> cellsLeft = new LinkedHashMap<>();
    for (StudyPart p : parts) {
      // the driver loads every dataset once: a wrong folder fails here with one message, before any
      // task starts, and the fingerprint lets every executor prove it trains on the same examples
      progress.message("== " + p.dataset() + ": checking the data");
      Part part = new Part(p, p.ledger(), DataFingerprint.of(p.source().load()));
      cellsLeft.put(part, p.settings().batchSizes().size() * p.settings().optimizers().size());
      for (int batchSize : p.settings().batchSizes()) {
        for (OptimizerSpec optimizer : p.settings().optimizers()) {
          Cell cell = new Cell(part, batchSize, optimizer);
          cells.add(cell);
        }
      }
    }
    progress.message(String.format("%d cells on Spark (%s, %d default parallelism)", cells.size(), spark.master(),
        spark.defaultParallelism()));
    // one driver thread per cell: each waits for its jobs, and Spark runs the jobs of all cells at once
    ExecutorService driverThreads = Executors.newFixedThreadPool(Math.max(1, Math.min(cells.size(), MAX_DRIVER_THREADS)));
    CompletionService<Cell> done = new ExecutorCompletionService<>(driverThreads);
    try (Progress.Task bar = progress.start("cells on Spark", cells.size())) {
      for (Cell cell : cells) {
        done.submit(() -> {
          runCell(cell, kernel);
          return cell;
        });
      }
      // cells in the order they finish, so that the first failure stops the study at once
      for (int i = 0; i < cells.size(); i++) {
        Cell cell = done.take().get();
        bar.step(cell.label());
        if (cellsLeft.merge(cell.part(), -1, Integer::sum) == 0) {
          finished.accept(cell.part().part());
        }
      }
    } catch (ExecutionException e) {
      spark.cancelAllJobs();
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      spark.cancelAllJobs();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      driverThreads.shutdownNow();
    }
  }

  /** Enough threads for any study of this project; more cells than this simply wait their turn. */
  private static final int MAX_DRIVER_THREADS = 512;

  private void runCell(Cell cell, String kernel) throws IOException {
    StudyPart p = cell.part().part();
    CompareSettings settings = p.settings();
    List<ExperimentConfig> search = settings.searchConfigs(p.dataset(), cell.optimizer(), cell.batchSize());
    runAll(cell, "search", missing(cell.part(), search), kernel);
    List<RunResult> points = new ArrayList<>();
    for (ExperimentConfig config : search) {
      points.add(cell.part().ledger().find(config).orElseThrow(() -> new IllegalStateException("search point " + config.key() + " was not recorded")));
    }
    double chosen = Comparison.chosenRate(points, settings.searchCriterion());
    if (Double.isNaN(chosen)) {
      progress.message("  " + cell.label() + ": every learning rate diverged; no training runs");
      return;
    }
    progress.message(String.format("  %s: chosen learning rate %.4g", cell.label(), chosen));
    runAll(cell, "training", missing(cell.part(), settings.trainingConfigs(p.dataset(), cell.optimizer(), cell.batchSize(), chosen)), kernel);
  }

  private static List<ExperimentConfig> missing(Part part, List<ExperimentConfig> configs) throws IOException {
    List<ExperimentConfig> left = new ArrayList<>();
    for (ExperimentConfig c : configs) {
      if (part.ledger().find(c).isEmpty()) {
        left.add(c);
      }
    }
    return left;
  }

  /** One Spark job of one task per run; every result is recorded as soon as it arrives. */
  private void runAll(Cell cell, String stage, List<ExperimentConfig> configs, String kernel) {
    if (configs.isEmpty()) {
      return;
    }
    List<RunTask> tasks = configs.stream()
        .map(c -> new RunTask(c, cell.part().part().source(), cell.part().fingerprint(), kernel,
            failFirstAttemptOf.filter(c.key()::equals).isPresent()))
        .toList();
    spark.setJobDescription(cell.label() + " " + stage + " (" + tasks.size() + " runs)");
    Function2<TaskContext, Iterator<RunTask>, RunResult> work =
        (Function2<TaskContext, Iterator<RunTask>, RunResult> & Serializable) RunTask::run;
    Function2<Object, RunResult, BoxedUnit> record = (index, result) -> {
      record(cell.part().ledger(), result);
      return BoxedUnit.UNIT;
    };
    ClassTag<RunResult> resultType = ClassTag$.MODULE$.apply(RunResult.class);
    // numSlices = number of runs: parallelize puts exactly one run in every partition
    spark.sc().runJob(spark.parallelize(tasks, tasks.size()).rdd(), work, record, resultType);
  }

  private synchronized void record(RunLedger ledger, RunResult result) {
    try {
      ledger.record(result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.message("  recorded " + result.config().key() + (result.diverged() ? " (diverged)" : ""));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("run", result.config().key());
    fields.put("diverged", result.diverged());
    progress.event("recorded", fields);
  }

  /** The study's failure as one message: the cause Spark reports, without its stack trace. */
  private static IOException failure(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    // Spark's message of an aborted job repeats the task's stack trace after its first line
    String firstLine = message.lines().findFirst().orElse(message);
    return new IOException("the study stopped: " + firstLine
        + (root != cause && root.getMessage() != null ? " (cause: " + root.getMessage().lines().findFirst().orElse("") + ")" : ""),
        cause);
  }
}
