package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  /** The sample comparison with the rule's training runs of the seeds in {@code divergedSeeds} replaced by diverged ones. */
  private static Comparison.Result withDiverged(long... divergedSeeds) {
    Comparison.Result sample = SampleComparison.result();
    List<RunResult> runs = new ArrayList<>();
    for (RunResult r : sample.runs()) {
      boolean diverges = r.config().optimizer().equals(SampleComparison.RULE)
          && java.util.Arrays.stream(divergedSeeds).anyMatch(seed -> seed == r.config().seed());
      runs.add(diverges ? new RunResult(r.config(), List.of(), true, "step 7: non-finite loss") : r);
    }
    return new Comparison.Result(sample.dataset(), sample.settings(), sample.searches(), runs);
  }

  private static String row(String markdown, String label) {
    return markdown.lines().filter(line -> line.startsWith("| " + label + " |")).findFirst().orElseThrow();
  }

  @Test
  void aCellSaysHowManyOfItsRunsDiverged() {
    String table = Report.markdown(withDiverged(0));
    // seed 1 alone ends at 81 % (SampleComparison: 80 % + 1 point per seed)
    assertThat(row(table, "sgd+II(alpha=0.05)")).contains("| 81.00 (1 of 2 runs diverged) |");
    assertThat(row(table, "sgd")).doesNotContain("diverged");
  }

  @Test
  void aCellWhoseEveryRunDivergedSaysSoRatherThanThatTrainingIsPending() {
    String table = Report.markdown(withDiverged(0, 1));
    assertThat(row(table, "sgd+II(alpha=0.05)")).contains("all 2 training runs diverged").doesNotContain("not finished");
  }

  @Test
  void theStudyTableHasEveryDatasetsOptimizersAndADashWhereADatasetLacksOne() {
    Comparison.Result both = SampleComparison.result();
    CompareSettings sgdOnly = new CompareSettings(List.of(16), List.of(64), List.of(SampleComparison.SGD), 2, 2, 0.01, 1.0, 3, 1,
        false, 0, 1, Backend.JAVA, true, 0.0, SearchCriterion.TAIL);
    Comparison.Result plain = new Comparison.Result("plain", sgdOnly,
        both.searches().stream().filter(s -> s.optimizer().equals(SampleComparison.SGD)).toList(),
        both.runs().stream().filter(r -> r.config().optimizer().equals(SampleComparison.SGD)).toList());

    // the dataset with fewer optimizers first: its list alone would lose the rule's column
    String table = Report.mainTable(List.of(plain, both), 64);
    assertThat(table.lines().findFirst().orElseThrow()).isEqualTo("| dataset | sgd | sgd+II(alpha=0.05) |");
    assertThat(row(table, "plain")).endsWith("| - |");
    assertThat(row(table, "sample")).doesNotContain("| - |");
  }
}
