package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A comparison killed after some runs and started again ends exactly like one never interrupted. */
class ResumableStudyTest {
  @TempDir Path dir;


  private static final CompareSettings SETTINGS = new CompareSettings(
      List.of(8), List.of(100, 250), List.of(OptimizerSpec.parse("sgd", 0), OptimizerSpec.parse("sgd+I:20", 0)),
      2, 2, 0.01, 0.3, 3, 1, false, 0, 1, Backend.JAVA, true, 0.0, SearchCriterion.TAIL);

  /** What must be identical: configs and every measured value except wall time. */
  private static List<String> outcome(Comparison.Result r) {
    List<String> lines = new ArrayList<>();
    for (Comparison.Search s : r.searches()) {
      lines.add(s.optimizer().label() + " b=" + s.batchSize() + " chose " + s.chosen());
    }
    for (RunResult run : r.runs()) {
      for (EpochMetrics m : run.epochs()) {
        lines.add(run.config().key() + " " + m.epoch() + " " + m.trainLoss() + " " + m.testLoss() + " " + m.testAccuracy()
            + " " + m.meanFactor() + " " + m.dampedFraction());
      }
    }
    return lines;
  }

  private static final class Killed extends RuntimeException {}

  @Test
  void anInterruptedStudyResumesWithoutRepeatingOrLosingRuns() throws IOException {
    DataBundle data = SmallData.embedded1000();
    Comparison.Result uninterrupted =
        new Comparison(data, SETTINGS, new RunLedger(dir.resolve("a")), Progress.quiet(), Comparison.RunCounter.NONE).run();

    List<ExperimentConfig> firstAttempt = new ArrayList<>();
    Comparison.RunCounter killAfterFive = c -> {
      firstAttempt.add(c);
      if (firstAttempt.size() == 5) {
        throw new Killed();
      }
    };
    assertThatThrownBy(() -> new Comparison(data, SETTINGS, new RunLedger(dir.resolve("b")), Progress.quiet(), killAfterFive).run())
        .isInstanceOf(Killed.class);

    // a report of the interrupted study trains nothing and shows only what is recorded
    List<ExperimentConfig> reportOnly = new ArrayList<>();
    Comparison.Result partial =
        new Comparison(data, SETTINGS, new RunLedger(dir.resolve("b")), Progress.quiet(), reportOnly::add).recorded();
    assertThat(reportOnly).isEmpty();
    assertThat(partial.searches().stream().mapToInt(s -> s.points().size()).sum() + partial.runs().size()).isEqualTo(5);
    assertThat(Report.markdown(partial)).contains("search not finished");

    List<ExperimentConfig> secondAttempt = new ArrayList<>();
    Comparison.Result resumed =
        new Comparison(data, SETTINGS, new RunLedger(dir.resolve("b")), Progress.quiet(), secondAttempt::add).run();

    // 2 batch sizes x 2 optimizers x (3 search runs + 2 seeds) = 20 runs, each trained exactly once
    Set<String> all = new HashSet<>();
    firstAttempt.forEach(c -> all.add(c.key()));
    secondAttempt.forEach(c -> assertThat(all.add(c.key())).as("run %s repeated", c.key()).isTrue());
    assertThat(all).hasSize(20);
    assertThat(firstAttempt).hasSize(5);
    assertThat(secondAttempt).hasSize(15);
    assertThat(outcome(resumed)).isEqualTo(outcome(uninterrupted));
    Comparison.Result report =
        new Comparison(data, SETTINGS, new RunLedger(dir.resolve("b")), Progress.quiet(), Comparison.RunCounter.NONE).recorded();
    assertThat(outcome(report)).isEqualTo(outcome(uninterrupted));
  }
}
