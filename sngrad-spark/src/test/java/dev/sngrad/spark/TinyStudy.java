package dev.sngrad.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.sngrad.bench.cli.SngradCommand;
import dev.sngrad.bench.experiment.EpochMetrics;
import dev.sngrad.bench.experiment.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The tiny study of the tests: the embedded data, 2 optimizers x 2 seeds, 1 epoch, a grid of 2
 * learning rates, one batch size. Each cell trains 3 distinct runs: its 2 search points and seed
 * 1 at the chosen rate (seed 0's training run is the chosen rate's search point, recorded once).
 */
final class TinyStudy {
  static final int RUNS = 6;

  private TinyStudy() {}

  /** Writes the study file into {@code dir}. */
  static Path write(Path dir) throws IOException {
    return Files.writeString(dir.resolve("tiny.yaml"), String.join("\n",
        "datasets: [embedded]",
        "hidden: [16]",
        "batchSizes: [500]",
        "optimizers: [sgd, \"sgd+III:1\"]",
        "epochs: 1",
        "seeds: 2",
        "lrMin: 0.01",
        "lrMax: 0.3",
        "lrPoints: 2",
        "searchEpochs: 1",
        "augment: false",
        "validation: 0",
        "kernel: java",
        ""));
  }

  private static Map<String, RunResult> local;

  /**
   * The ledger of the tiny study run by the local engine on one thread, run once per test JVM
   * (under {@code target/tiny-local/}) and shared by the tests that compare with it.
   */
  static synchronized Map<String, RunResult> localLedger() throws IOException {
    if (local == null) {
      Path dir = Files.createDirectories(Path.of("target", "tiny-local"));
      Path out = dir.resolve("study");
      if (Files.exists(out)) {
        MoreFiles.deleteRecursively(out, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      Outcome o = sngrad("study", write(dir).toString(), "--out", out.toString(), "--threads", "1", "-q");
      if (o.exitCode() != 0) {
        throw new IllegalStateException("the local engine failed on the tiny study: " + o.err());
      }
      local = ledger(out);
    }
    return local;
  }

  /** The file of a run's record in the local engine's ledger of {@link #localLedger}. */
  static Path localRun(String fileName) {
    return Path.of("target", "tiny-local", "study", "embedded", "runs", fileName);
  }

  /** What {@code sngrad ARGS} printed and returned. */
  record Outcome(int exitCode, String out, String err) {}

  /** Runs the sngrad command line in this JVM. */
  static Outcome sngrad(String... args) {
    CommandLine cl = SngradCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  /**
   * The ledger of {@code studyFolder}'s embedded part: run key to its record, with what may differ
   * between two runs of the same config blanked: the wall times and the thread count.
   */
  static Map<String, RunResult> ledger(Path studyFolder) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, RunResult> runs = new TreeMap<>();
    try (Stream<Path> files = Files.list(studyFolder.resolve("embedded").resolve("runs"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        RunResult r = json.readValue(f.toFile(), RunResult.class);
        List<EpochMetrics> epochs = r.epochs().stream()
            .map(m -> new EpochMetrics(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(),
                m.validationLoss(), m.validationAccuracy(), 0, 0, m.meanFactor(), m.dampedFraction(), m.tailTrainLoss(), m.layers(), m.noiseScale(), m.noise()))
            .toList();
        runs.put(f.getFileName().toString(), new RunResult(r.config().withThreads(1), epochs, r.diverged(), r.failure()));
      }
    }
    return runs;
  }
}
