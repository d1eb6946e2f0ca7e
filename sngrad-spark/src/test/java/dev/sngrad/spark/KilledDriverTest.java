package dev.sngrad.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.DataSource;
import dev.sngrad.bench.experiment.StudyConfig;
import dev.sngrad.bench.experiment.StudyPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark driver killed (SIGKILL) in the middle of the tiny study keeps every run it recorded, and
 * the study resumed on Spark trains only the runs the ledger lacks, ending with the local engine's
 * ledger.
 */
class KilledDriverTest {
  @TempDir Path dir;

  @Test
  void aKilledDriverLosesNothingRecordedAndTheResumedStudyRedoesNothing() throws Exception {
    Path study = TinyStudy.write(dir);
    Path out = dir.resolve("study");
    Path runs = out.resolve("embedded").resolve("runs");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", classpath, SparkMain.class.getName(),
        "study", study.toString(), "--out", out.toString(), "--master", "local[1]", "-q")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("driver.log").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (recorded(runs).isEmpty() && driver.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      driver.destroyForcibly(); // SIGKILL: no shutdown hook runs
      driver.waitFor(30, TimeUnit.SECONDS);
    }
    Set<String> beforeTheKill = recorded(runs);
    assertThat(beforeTheKill).as("runs recorded before the kill; see %s", dir.resolve("driver.log"))
        .isNotEmpty().hasSizeLessThan(TinyStudy.RUNS);

    RecordingProgress progress = new RecordingProgress();
    StudyConfig config = StudyConfig.read(study);
    StudyPart part = new StudyPart(DataSource.of("embedded", Optional.empty(), false, 0, Optional.empty()),
        config.settings("embedded", 1, Backend.JAVA), out.resolve("embedded"));
    new SparkEngine().train(List.of(part), Optional.of("local[2]"), progress, p -> {});

    assertThat(progress.recorded).hasSize(TinyStudy.RUNS - beforeTheKill.size()).doesNotContainAnyElementsOf(beforeTheKill);
    assertThat(TinyStudy.ledger(out)).isEqualTo(TinyStudy.localLedger());
  }

  /** The keys of the runs recorded in {@code runs} (complete records only: a killed write leaves a .tmp file). */
  private static Set<String> recorded(Path runs) throws IOException {
    if (!Files.isDirectory(runs)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(runs)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length()))
          .collect(Collectors.toSet());
    }
  }
}
