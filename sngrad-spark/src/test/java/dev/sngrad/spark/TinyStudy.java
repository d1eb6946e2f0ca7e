package dev.sngrad.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
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
                m.validationLoss(), m.validationAccuracy(), 0, 0, m.meanFactor(), m.dampedFraction()))
            .toList();
        runs.put(f.getFileName().toString(), new RunResult(r.config().withThreads(1), epochs, r.diverged(), r.failure()));
      }
    }
    return runs;
  }
}
