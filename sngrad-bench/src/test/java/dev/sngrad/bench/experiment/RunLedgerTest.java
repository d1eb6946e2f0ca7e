package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {
  @TempDir Path dir;

  private static final ExperimentConfig CONFIG = new ExperimentConfig(
      "embedded", List.of(16), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 128, 2, 3, 2, false, 0, Backend.JAVA, false, 0.0);

  @Test
  void recordsReadBackEqualIncludingNaNForUnmeasuredSets() throws IOException {
    RunLedger ledger = new RunLedger(dir);
    RunResult r = new RunResult(CONFIG, List.of(
        new EpochMetrics(1, 0.9, 0.7, 0.8, 0.72, Double.NaN, Double.NaN, 1.5, 6000, 0.4, 0.8, Double.NaN,
            ImmutableMap.of("dense1/weight", new EpochMetrics.Damping(0.35, 0.85), "dense1/bias", new EpochMetrics.Damping(0.9, 0.2)),
            12.5, ImmutableMap.of("dense1/weight", new EpochMetrics.Noise(2.0, 0.25, 8.0), "dense1/bias", new EpochMetrics.Noise(0.5, 0.25, 2.0))),
        new EpochMetrics(2, 0.6, 0.8, 0.6, 0.79, Double.NaN, Double.NaN, 1.4, 6100, 0.3, 0.9, Double.NaN, Map.of(), Double.NaN, Map.of())), false, "");
    assertThat(ledger.find(CONFIG)).isEmpty();
    ledger.record(r);
    assertThat(ledger.find(CONFIG)).contains(r);
    try (var files = Files.list(dir.resolve("runs"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CONFIG.key() + ".json");
    }
  }

  @Test
  void aRunRecordedWithAnotherThreadCountIsFoundAsRecorded() throws IOException {
    RunLedger ledger = new RunLedger(dir);
    RunResult r = oneEpochOfConfig();
    ledger.record(r);
    assertThat(ledger.find(CONFIG.withThreads(1))).contains(r);
    assertThat(ledger.find(CONFIG.withThreads(1).withSeed(4))).isEmpty();
  }

  @Test
  void theKeyNamesEverythingThatChangesTheResultButNotTheThreadCount() {
    ExperimentConfig oneThread = new ExperimentConfig(
        "embedded", List.of(16), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 128, 2, 3, 1, false, 0, Backend.JAVA, false, 0.0);
    assertThat(oneThread.key()).isEqualTo(CONFIG.key());
    assertThat(CONFIG.withSeed(4).key()).isNotEqualTo(CONFIG.key());
    assertThat(CONFIG.withLearningRate(0.06).key()).isNotEqualTo(CONFIG.key());
    assertThat(CONFIG.withOptimizer(OptimizerSpec.parse("sgd+II:0.5", 0)).key()).isNotEqualTo(CONFIG.key());
  }

  @Test
  void theBackendIsPartOfTheRunButJavaKeysStayAsTheyWereBeforeThereWereTwo() throws IOException {
    ExperimentConfig openBlas = new ExperimentConfig(
        "embedded", List.of(16), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 128, 2, 3, 2, false, 0, Backend.OPENBLAS, false, 0.0);
    assertThat(CONFIG.key()).isEqualTo("embedded_h16_sgd+II_alpha=0.05__lr0.0500000_b128_e2_s3");
    assertThat(openBlas.key()).isEqualTo(CONFIG.key() + "_openblas");
    RunLedger ledger = new RunLedger(dir);
    ledger.record(oneEpochOfConfig());
    assertThat(ledger.find(openBlas)).isEmpty();
  }

  /**
   * The ledger holding {@link #oneEpochOfConfig()}, recorded and then rewritten as an older version
   * wrote it: without {@code field} (a JSON property matching {@code valuePattern}).
   */
  private RunLedger withRecordLacking(String field, String valuePattern) throws IOException {
    RunLedger ledger = new RunLedger(dir);
    ledger.record(oneEpochOfConfig());
    Path file = dir.resolve("runs").resolve(CONFIG.key() + ".json");
    String json = Files.readString(file);
    assertThat(json).containsPattern("\"" + field + "\" : " + valuePattern);
    Files.writeString(file, json.replaceAll(",\\s*\"" + field + "\" : " + valuePattern, ""));
    assertThat(Files.readString(file)).doesNotContain(field);
    return ledger;
  }

  @Test
  void aRecordWrittenBeforeThereWereTwoBackendsReadsAsJava() throws IOException {
    assertThat(withRecordLacking("backend", "\"JAVA\"").find(CONFIG)).contains(oneEpochOfConfig());
  }

  @Test
  void aRecordWrittenBeforeLayersWereKeptReadsWithNone() throws IOException {
    assertThat(withRecordLacking("layers", "\\{ }").find(CONFIG).orElseThrow().last().layers()).isEmpty();
  }

  @Test
  void droppingTheLastBatchAndLabelNoiseAreNamedInTheKeyOnlyWhenUsed() {
    ExperimentConfig dropping = new ExperimentConfig(
        "embedded", List.of(16), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 128, 2, 3, 2, false, 0, Backend.JAVA, true, 0.0);
    ExperimentConfig noisy = new ExperimentConfig(
        "embedded", List.of(16), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 128, 2, 3, 2, false, 0, Backend.JAVA, true, 0.2);
    assertThat(dropping.key()).isEqualTo(CONFIG.key() + "_droplast");
    assertThat(noisy.key()).isEqualTo(CONFIG.key() + "_droplast_noise0.2000");
  }

  @Test
  void aRecordWrittenBeforeTheNewProtocolChoicesReadsAsTheOldProtocolWithNoTailLoss() throws IOException {
    RunLedger ledger = new RunLedger(dir);
    RunResult r = new RunResult(CONFIG, List.of(
        new EpochMetrics(1, 0.9, 0.7, 0.8, 0.72, Double.NaN, Double.NaN, 1.5, 6000, 0.4, 0.8, 0.7, Map.of(), 3.5, Map.of())), false, "");
    ledger.record(r);
    Path file = dir.resolve("runs").resolve(CONFIG.key() + ".json");
    String json = Files.readString(file);
    String old = json.replaceAll(",\\s*\"dropLast\" : false", "").replaceAll(",\\s*\"labelNoise\" : 0.0", "")
        .replaceAll(",\\s*\"tailTrainLoss\" : 0.7", "").replaceAll(",\\s*\"noiseScale\" : 3.5", "")
        .replaceAll(",\\s*\"noise\" : \\{\\s*\\}", "");
    assertThat(old).doesNotContain("dropLast").doesNotContain("labelNoise").doesNotContain("tailTrainLoss")
        .doesNotContain("\"noiseScale\"").doesNotContain("\"noise\"");
    Files.writeString(file, old);
    RunResult read = ledger.find(CONFIG).orElseThrow();
    assertThat(read.config()).isEqualTo(CONFIG);
    assertThat(read.last().tailTrainLoss()).isNaN();
    assertThat(read.last().noiseScale()).isNaN();
    assertThat(read.last().noise()).isEmpty();
    assertThat(read.last().trainLoss()).isEqualTo(0.9);
  }

  /** A finished one-epoch run of {@link #CONFIG}. */
  private static RunResult oneEpochOfConfig() {
    return new RunResult(CONFIG, List.of(
        new EpochMetrics(1, 0.9, 0.7, 0.8, 0.72, Double.NaN, Double.NaN, 1.5, 6000, 0.4, 0.8, Double.NaN, Map.of(), Double.NaN, Map.of())), false, "");
  }
}
