package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class PlotsTest {
  private static final OptimizerSpec RULE_II_SMALL = OptimizerSpec.parse("sgd+II:0.01", 0);
  private static final OptimizerSpec RULE_II_LARGE = OptimizerSpec.parse("sgd+II:0.05", 0);
  private static final OptimizerSpec RULE_I = OptimizerSpec.parse("sgd+I:0.1", 0);

  /** Final accuracies of seeds 0 and 1 per optimizer, listed with the larger alpha first to show the plot sorts them. */
  private static final Map<OptimizerSpec, double[]> FINAL_ACCURACY = Map.of(
      SampleComparison.SGD, new double[] {0.90, 0.92},
      RULE_II_LARGE, new double[] {0.70, 0.74},
      RULE_II_SMALL, new double[] {0.80, 0.86},
      RULE_I, new double[] {0.60, 0.60});

  private static Comparison.Result sweep(List<OptimizerSpec> optimizers) {
    CompareSettings settings = new CompareSettings(List.of(16), List.of(64), optimizers, 1, 2, 0.01, 1.0, 3, 1, false, 0, 1,
        Backend.JAVA, true, 0.0, SearchCriterion.TAIL);
    List<RunResult> runs = new ArrayList<>();
    for (OptimizerSpec o : optimizers) {
      for (int seed = 0; seed < 2; seed++) {
        double accuracy = FINAL_ACCURACY.get(o)[seed];
        runs.add(new RunResult(settings.config("sample", o, 0.1, 64, 1, seed),
            List.of(SampleComparison.epoch(1, 0.5, accuracy, o.usesStatistics() ? 0.5 : 0)), false, ""));
      }
    }
    return new Comparison.Result("sample", settings, List.of(), runs);
  }

  private static XYSeries series(XYChart chart, String name) {
    assertThat(chart.getSeriesMap()).containsKey(name);
    return chart.getSeriesMap().get(name);
  }

  @Test
  void aRuleAtTwoAlphasIsPlottedAgainstAlphaBesideItsOptimizerAlone() throws IOException {
    Comparison.Result result = sweep(List.of(SampleComparison.SGD, RULE_II_LARGE, RULE_I, RULE_II_SMALL));
    XYChart chart = Plots.accuracyAgainstAlpha(result, 64, "test accuracy");

    // rule I ran at one alpha only: no line of its own
    assertThat(chart.getSeriesMap().keySet()).containsExactlyInAnyOrder("sgd+II", "sgd+II (seed band)", "sgd");
    XYSeries rule = series(chart, "sgd+II");
    assertThat(rule.getXData()).containsExactly(0.01, 0.05);
    assertThat(rule.getYData()[0]).isCloseTo(83.0, within(1e-9));
    assertThat(rule.getYData()[1]).isCloseTo(72.0, within(1e-9));
    XYSeries band = series(chart, "sgd+II (seed band)");
    // high edge left to right, then low edge right to left
    assertThat(band.getYData()).containsExactly(new double[] {86.0, 74.0, 70.0, 80.0}, within(1e-9));
    XYSeries alone = series(chart, "sgd");
    assertThat(alone.getXData()).containsExactly(0.01, 0.05);
    assertThat(alone.getYData()).containsExactly(new double[] {91.0, 91.0}, within(1e-9));

    assertThat(Plots.render(result)).extracting(Plots.Plot::fileName).last().isEqualTo("accuracy-vs-alpha-b64.png");
  }

  @Test
  void withoutARuleAtTwoAlphasThereIsNoAlphaPlot() throws IOException {
    Comparison.Result result = sweep(List.of(SampleComparison.SGD, RULE_II_LARGE, RULE_I));
    assertThat(Plots.accuracyAgainstAlpha(result, 64, "test accuracy").getSeriesMap()).isEmpty();
    assertThat(Plots.render(result)).extracting(Plots.Plot::fileName).noneMatch(name -> name.startsWith("accuracy-vs-alpha"));
  }
}
