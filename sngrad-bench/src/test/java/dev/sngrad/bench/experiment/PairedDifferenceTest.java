package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.math.Stats;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  @Test
  void theIntervalUsesStudentsTWithCountMinusOneDegreesOfFreedom() {
    // differences 1, 2, 3: mean 2, sd 1, n 3: 2 ± 4.303 / sqrt(3) = 2 ± 2.4843
    PairedDifference d = new PairedDifference(Stats.of(1, 2, 3));
    assertThat(d.mean()).isEqualTo(2.0);
    assertThat(d.halfWidth()).isCloseTo(4.303 / Math.sqrt(3), within(1e-12));
    assertThat(d.lower()).isCloseTo(-0.4843, within(1e-4));
    assertThat(d.verdict()).isEqualTo(PairedDifference.Verdict.UNDECIDED);
  }

  @Test
  void aVerdictOnlyWhereTheIntervalExcludesZero() {
    assertThat(new PairedDifference(Stats.of(0.010, 0.012, 0.011, 0.009, 0.013)).verdict())
        .isEqualTo(PairedDifference.Verdict.BETTER);
    assertThat(new PairedDifference(Stats.of(-0.010, -0.012, -0.011)).verdict()).isEqualTo(PairedDifference.Verdict.WORSE);
    assertThat(new PairedDifference(Stats.of(-0.010, 0.012, 0.001)).verdict()).isEqualTo(PairedDifference.Verdict.UNDECIDED);
    assertThat(new PairedDifference(Stats.of(0.5)).verdict()).isEqualTo(PairedDifference.Verdict.UNDECIDED);
    assertThat(new PairedDifference(Stats.of(0.5)).halfWidth()).isNaN();
  }

  @Test
  void quantilesMatchTheTablesAndTheExpansionJoinsThemSmoothly() {
    assertThat(PairedDifference.tQuantile975(1)).isEqualTo(12.706);
    assertThat(PairedDifference.tQuantile975(4)).isEqualTo(2.776);
    // published values: t(0.975, 40) = 2.021, t(0.975, 60) = 2.000, t(0.975, 120) = 1.980
    assertThat(PairedDifference.tQuantile975(40)).isCloseTo(2.021, within(1e-3));
    assertThat(PairedDifference.tQuantile975(60)).isCloseTo(2.000, within(1e-3));
    assertThat(PairedDifference.tQuantile975(120)).isCloseTo(1.980, within(1e-3));
    assertThat(PairedDifference.tQuantile975(31)).isLessThan(PairedDifference.tQuantile975(30)).isGreaterThan(2.03);
  }

  @Test
  void textInPercentagePoints() {
    assertThat(new PairedDifference(Stats.of(0.01, 0.02, 0.03)).percentText()).isEqualTo("+2.00 [-0.48, +4.48] (3)");
    assertThat(new PairedDifference(Stats.of(-0.005)).percentText()).isEqualTo("-0.50 (1)");
  }
}
