package dev.sngrad.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.DataSource;
import dev.sngrad.bench.experiment.RunResult;
import dev.sngrad.bench.experiment.StudyConfig;
import dev.sngrad.bench.experiment.StudyPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny study on Spark in local mode gives the local engine's ledger bit for bit, survives a
 * failed task attempt, and resumes a study the local engine started without redoing a run.
 */
class SparkEngineTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path study;
  private static Map<String, RunResult> local;

  @BeforeAll
  static void runTheStudyLocally() throws IOException {
    study = TinyStudy.write(shared);
    local = TinyStudy.localLedger();
    assertThat(local).hasSize(TinyStudy.RUNS);
  }

  @AfterEach
  void clearSwitches() {
    System.clearProperty(SparkEngine.FAIL_FIRST_ATTEMPT_OF);
    System.clearProperty("spark.extraListeners");
  }

  @Test
  void localModeGivesTheLocalEnginesLedgerBitForBit() throws IOException {
    Path out = dir.resolve("spark");
    TinyStudy.Outcome o = TinyStudy.sngrad("study", study.toString(), "--out", out.toString(), "--engine", "spark",
        "--master", "local[2]", "-q");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(TinyStudy.ledger(out)).isEqualTo(local);
    // the same reports as the local engine writes
    for (String report : List.of("summary.md", "runs.csv", "lr-search.csv", "results.json")) {
      assertThat(out.resolve("embedded").resolve(report)).isRegularFile();
    }
    assertThat(out.resolve("results.md")).isRegularFile();
    assertThat(o.out()).contains("sgd+III(alpha=1.0)");
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndRecordedOnce() throws IOException {
    String victim = local.keySet().stream().filter(k -> k.contains("_e1_s1")).findFirst().orElseThrow().replace(".json", "");
    System.setProperty(SparkEngine.FAIL_FIRST_ATTEMPT_OF, victim);
    System.setProperty("spark.extraListeners", FailedTasks.class.getName());
    FailedTasks.COUNT.set(0);
    RecordingProgress progress = new RecordingProgress();
    Path out = dir.resolve("retried");
    new SparkEngine().train(List.of(part(out)), Optional.of("local[2,2]"), progress, p -> {});

    assertThat(FailedTasks.COUNT.get()).as("failed attempts").isEqualTo(1);
    assertThat(progress.recorded).hasSize(TinyStudy.RUNS).doesNotHaveDuplicates().contains(victim);
    assertThat(TinyStudy.ledger(out)).isEqualTo(local);
  }

  @Test
  void aTaskThatFailsEveryAttemptStopsTheStudyWithOneLineKeepingWhatWasRecorded() throws IOException {
    String victim = local.keySet().stream().filter(k -> k.contains("_e1_s1")).findFirst().orElseThrow().replace(".json", "");
    System.setProperty(SparkEngine.FAIL_FIRST_ATTEMPT_OF, victim);
    Path out = dir.resolve("failed");
    // local[1]: one attempt per task, and one run at a time, so the runs before the victim are recorded
    TinyStudy.Outcome o = TinyStudy.sngrad("study", study.toString(), "--out", out.toString(), "--engine", "spark",
        "--master", "local[1]", "-q");
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err().strip())
        .startsWith("sngrad: the study stopped: ")
        .contains("injected failure of the first attempt of " + victim)
        .doesNotContain("\tat ")
        .hasLineCount(1);
    Map<String, RunResult> recorded = TinyStudy.ledger(out);
    assertThat(recorded).isNotEmpty().doesNotContainKey(victim + ".json");
    recorded.forEach((key, run) -> assertThat(run).isEqualTo(local.get(key)));
  }

  @Test
  void aStudyStartedLocallyResumesOnSparkRedoingNothing() throws IOException {
    // the local study stopped after its first cell (sgd: 3 runs) and one search point of the second
    Path out = dir.resolve("resumed");
    Path runs = Files.createDirectories(out.resolve("embedded").resolve("runs"));
    List<String> keys = new ArrayList<>(local.keySet());
    Set<String> done = new HashSet<>();
    for (String key : keys) {
      if (key.contains("_sgd_") || (key.contains("sgd+III") && key.contains("lr0.0100000_"))) {
        Files.copy(TinyStudy.localRun(key), runs.resolve(key));
        done.add(key.replace(".json", ""));
      }
    }
    assertThat(done).hasSize(4);
    List<StudyPart> finished = new ArrayList<>();
    RecordingProgress progress = new RecordingProgress();
    new SparkEngine().train(List.of(part(out)), Optional.of("local[2]"), progress, finished::add);

    assertThat(progress.recorded).hasSize(TinyStudy.RUNS - done.size()).doesNotContainAnyElementsOf(done);
    assertThat(finished).hasSize(1);
    assertThat(TinyStudy.ledger(out)).isEqualTo(local);
    // and the local engine finds nothing left to do
    TinyStudy.Outcome again = TinyStudy.sngrad("study", study.toString(), "--out", out.toString(), "--threads", "1", "-q");
    assertThat(again.exitCode()).as(again.err()).isZero();
    try (Stream<Path> files = Files.list(runs)) {
      assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(TinyStudy.RUNS);
    }
  }

  @Test
  void aLocalMasterWaitsOutASuspendedJvmAndAClusterKeepsSparksTimeout() {
    assertThat(SparkEngine.configuration(Optional.of("local[2]"), 1).get(SparkEngine.NETWORK_TIMEOUT))
        .isEqualTo(SparkEngine.LOCAL_NETWORK_TIMEOUT);
    assertThat(SparkEngine.configuration(Optional.empty(), 1).get(SparkEngine.NETWORK_TIMEOUT))
        .as("local[*] by default").isEqualTo(SparkEngine.LOCAL_NETWORK_TIMEOUT);
    assertThat(SparkEngine.configuration(Optional.of("spark://localhost:7077"), 1).contains(SparkEngine.NETWORK_TIMEOUT))
        .isFalse();
  }

  @Test
  void anUnreachableMasterIsOneClearError() {
    TinyStudy.Outcome o = TinyStudy.sngrad("study", study.toString(), "--out", dir.resolve("x").toString(), "--engine", "spark",
        "--master", "spark://127.0.0.1:1", "-q");
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err().strip()).startsWith("sngrad: cannot reach the Spark master spark://127.0.0.1:1").doesNotContain("\tat ");
  }

  @Test
  void aBadStudyFileIsOneClearError() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "datasets: [embedded]\nepochz: 1\n");
    TinyStudy.Outcome o = TinyStudy.sngrad("study", bad.toString(), "--engine", "spark", "--master", "local[1]", "-q");
    assertThat(o.exitCode()).isNotZero();
    assertThat(o.err().strip()).startsWith("sngrad: ").contains("epochz").doesNotContain("\tat ");
  }

  private static StudyPart part(Path out) throws IOException {
    StudyConfig config = StudyConfig.read(study);
    return new StudyPart(DataSource.of("embedded", Optional.empty(), false, 0, Optional.empty()),
        config.settings("embedded", 1, Backend.JAVA), out.resolve("embedded"));
  }
}
