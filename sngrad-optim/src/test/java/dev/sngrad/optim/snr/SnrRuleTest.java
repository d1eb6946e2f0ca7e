package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-computed values of the three rules; the arithmetic is in the comments. */
class SnrRuleTest {
  private static final double EXACT = 1e-15;

  @Nested
  class RuleI {
    @Test
    void smallNoiseKeepsMu() {
      // sigma = sqrt(0.04) = 0.2; 1 / (1 * 0.2) = 5; min(5, 1) = 1; adjusted = 0.3
      assertThat(SnrRule.I.factor(0.3, 0.04, 1, 0)).isEqualTo(1.0);
      assertThat(SnrRule.I.adjusted(0.3, 0.04, 1, 0)).isEqualTo(0.3);
    }

    @Test
    void largeNoiseDamps() {
      // sigma = sqrt(4) = 2; 1 / (1 * 2) = 0.5; adjusted = 0.3 * 0.5 = 0.15
      assertThat(SnrRule.I.factor(0.3, 4, 1, 0)).isCloseTo(0.5, within(EXACT));
      assertThat(SnrRule.I.adjusted(0.3, 4, 1, 0)).isCloseTo(0.15, within(EXACT));
      // sigma = 5, alpha = 0.5: 1 / 2.5 = 0.4; adjusted = -0.3 * 0.4 = -0.12
      assertThat(SnrRule.I.adjusted(-0.3, 25, 0.5, 0)).isCloseTo(-0.12, within(EXACT));
    }

    @Test
    void zeroSigmaKeepsMuAndZeroMuGivesZero() {
      // 1 / (alpha * 0) = 1 / 0 = inf -> min(inf, 1) = 1
      assertThat(SnrRule.I.factor(0.7, 0, 1, 0)).isEqualTo(1.0);
      assertThat(SnrRule.I.adjusted(0.7, 0, 1, 0)).isEqualTo(0.7);
      // mu = sigma = 0: factor 1, adjusted 0 * 1 = 0
      assertThat(SnrRule.I.adjusted(0, 0, 1, 0)).isEqualTo(0.0);
      // mu = 0, sigma = 2: factor 0.5, adjusted 0
      assertThat(SnrRule.I.adjusted(0, 4, 1, 0)).isEqualTo(0.0);
    }

    @Test
    void epsilonAsTheOriginal() {
      // 1 / (1 * 2 + 1e-5) = 1 / 2.00001 = 0.49999750001249993...
      assertThat(SnrRule.I.factor(1, 4, 1, 1e-5)).isCloseTo(0.4999975000124999, within(1e-15));
      // sigma = 0: 1 / 1e-5 = 1e5 -> 1 (rule I stays safe at sigma = 0 with epsilon)
      assertThat(SnrRule.I.factor(1, 0, 1, 1e-5)).isEqualTo(1.0);
    }

    @Test
    void tinyAndHugeAlpha() {
      // 1e-300 * 0.2 = 2e-301 <= 1 -> 1
      assertThat(SnrRule.I.factor(0.3, 0.04, 1e-300, 0)).isEqualTo(1.0);
      // 1e300 * 0.2 = 2e299 -> 1 / 2e299 = 5e-300
      assertThat(SnrRule.I.factor(0.3, 0.04, 1e300, 0)).isCloseTo(5e-300, withinPercentage(1e-10));
      // MAX_VALUE * 1e15 overflows; the true 1 / 1.8e323 is below the smallest subnormal (4.9e-324)
      // or at it: the factor is 0 or 4.9e-324, never NaN
      assertThat(SnrRule.I.factor(1, 1e30, Double.MAX_VALUE, 0)).isBetween(0.0, Double.MIN_VALUE);
      // 1e300 * 1e10 = 1e310 overflows; 1 / 1e310 = 1e-310, a subnormal
      assertThat(SnrRule.I.factor(1, 1e20, 1e300, 0)).isCloseTo(1e-310, withinPercentage(1e-6));
    }

    @Test
    void subnormalAndHugeValues() {
      // sigma = sqrt(1.4e-45) = 3.7e-23 -> alpha * sigma tiny -> 1
      assertThat(SnrRule.I.factor(Float.MIN_VALUE, Float.MIN_VALUE, 1, 0)).isEqualTo(1.0);
      assertThat(SnrRule.I.factor(Double.MIN_VALUE, Double.MIN_VALUE, 1, 0)).isEqualTo(1.0);
      // mu = 1e38, sigma^2 = 1e76 -> sigma = 1e38 -> 1 / 1e38 = 1e-38
      assertThat(SnrRule.I.factor(1e38, 1e76, 1, 0)).isCloseTo(1e-38, withinPercentage(1e-10));
      // float-range variance 3e38: sigma = 1.7320508e19 -> 1 / sigma = 5.7735027e-20
      assertThat(SnrRule.I.factor(1e38, 3e38, 1, 0)).isCloseTo(5.773502691896258e-20, withinPercentage(1e-10));
    }
  }

  @Nested
  class RuleII {
    @Test
    void highSignalToNoiseKeepsMu() {
      // mu^2 = 0.09, alpha sigma^2 = 0.04: 0.09 / 0.04 = 2.25 -> 1
      assertThat(SnrRule.II.adjusted(0.3, 0.04, 1, 0)).isEqualTo(0.3);
    }

    @Test
    void lowSignalToNoiseDamps() {
      // 0.01 / 0.04 = 0.25; adjusted = 0.1 * 0.25 = 0.025
      assertThat(SnrRule.II.factor(0.1, 0.04, 1, 0)).isCloseTo(0.25, within(EXACT));
      assertThat(SnrRule.II.adjusted(0.1, 0.04, 1, 0)).isCloseTo(0.025, within(EXACT));
      // mu = -0.2, alpha = 2, sigma^2 = 0.1: 0.04 / 0.2 = 0.2; adjusted = -0.04
      assertThat(SnrRule.II.adjusted(-0.2, 0.1, 2, 0)).isCloseTo(-0.04, within(EXACT));
    }

    @Test
    void zeroSigmaKeepsMuAndZeroMuGivesZero() {
      // x / 0 with x > 0 -> 1
      assertThat(SnrRule.II.factor(0.001, 0, 1, 0)).isEqualTo(1.0);
      // 0 / 0: defined as "no noise, keep mu": factor 1, adjusted 0
      assertThat(SnrRule.II.factor(0, 0, 1, 0)).isEqualTo(1.0);
      assertThat(SnrRule.II.adjusted(0, 0, 1, 0)).isEqualTo(0.0);
      // 0 / 0.04 = 0
      assertThat(SnrRule.II.factor(0, 0.04, 1, 0)).isEqualTo(0.0);
    }

    @Test
    void epsilonReproducesTheOriginalFlawAtZeroVariance() {
      // (1e-3)^2 / (0 + 1e-5) = 1e-6 / 1e-5 = 0.1: mu is NOT kept although sigma = 0
      assertThat(SnrRule.II.factor(1e-3, 0, 1, 1e-5)).isCloseTo(0.1, within(1e-15));
      // 0.01 / (0.04 + 1e-5) = 0.01 / 0.04001 = 0.24993751562...
      assertThat(SnrRule.II.factor(0.1, 0.04, 1, 1e-5)).isCloseTo(0.2499375156210947, within(1e-15));
    }

    @Test
    void tinyAndHugeAlpha() {
      // 0.01 / (1e-300 * 0.04) = 2.5e299 -> 1
      assertThat(SnrRule.II.factor(0.1, 0.04, 1e-300, 0)).isEqualTo(1.0);
      // 0.01 / (1e300 * 0.04) = 0.01 / 4e298 = 2.5e-301
      assertThat(SnrRule.II.factor(0.1, 0.04, 1e300, 0)).isCloseTo(2.5e-301, withinPercentage(1e-10));
      // 1 / (MAX_VALUE * 1e30) overflows in the denominator; true value ~ 5.6e-339 -> 0
      assertThat(SnrRule.II.factor(1, 1e30, Double.MAX_VALUE, 0)).isEqualTo(0.0);
    }

    @Test
    void subnormalValues() {
      // mu = sigma^2 = 1.4e-45 (float subnormal): mu^2 / sigma^2 = mu = 1.4e-45
      assertThat(SnrRule.II.factor(Float.MIN_VALUE, Float.MIN_VALUE, 1, 0))
          .isCloseTo(Float.MIN_VALUE, withinPercentage(1e-10));
      // mu^2 = 1e-400 and alpha sigma^2 = 1e-100 * 4e-300 = 4e-400 both underflow double:
      // the ratio is 1e-400 / 4e-400 = 0.25
      assertThat(SnrRule.II.factor(1e-200, 4e-300, 1e-100, 0)).isCloseTo(0.25, within(1e-12));
      // same with the ratio above 1: 4e-400 / 1e-400 = 4 -> 1
      assertThat(SnrRule.II.factor(2e-200, 1e-300, 1e-100, 0)).isEqualTo(1.0);
      // double subnormals: mu^2 / sigma^2 = mu = 4.9e-324 (or 0 after rounding)
      assertThat(SnrRule.II.factor(Double.MIN_VALUE, Double.MIN_VALUE, 1, 0)).isBetween(0.0, 2 * Double.MIN_VALUE);
    }

    @Test
    void hugeValues() {
      // mu^2 = 1e76 (rounded: 1e38 * 1e38 is one ulp below the double 1e76), sigma^2 = 1e76: ratio 1
      assertThat(SnrRule.II.factor(1e38, 1e76, 1, 0)).isCloseTo(1.0, within(1e-15));
      // mu^2 = 1e76, sigma^2 = 5e75: ratio 2 -> 1
      assertThat(SnrRule.II.factor(1e38, 5e75, 1, 0)).isEqualTo(1.0);
      // float range: 1e76 / 3e38 = 3.3e37 -> 1
      assertThat(SnrRule.II.factor(1e38, 3e38, 1, 0)).isEqualTo(1.0);
      // mu^2 = 1e400 and alpha sigma^2 = 1e600 both overflow: ratio 1e-200
      assertThat(SnrRule.II.factor(1e200, 1e300, 1e300, 0)).isCloseTo(1e-200, withinPercentage(1e-8));
      // mu^2 = 1e600 overflows, denominator 1e-5: ratio 1e605 -> 1
      assertThat(SnrRule.II.factor(1e300, 1e-300, 1, 1e-5)).isEqualTo(1.0);
    }
  }

  @Nested
  class RuleIII {
    @Test
    void handValues() {
      // 1 - min(1 * 0.2, 1) = 0.8; adjusted = 0.3 * 0.8 = 0.24
      assertThat(SnrRule.III.factor(0.3, 0.04, 1, 0)).isCloseTo(0.8, within(EXACT));
      assertThat(SnrRule.III.adjusted(0.3, 0.04, 1, 0)).isCloseTo(0.24, within(EXACT));
      // sigma = 2: 1 - min(2, 1) = 0
      assertThat(SnrRule.III.factor(0.3, 4, 1, 0)).isEqualTo(0.0);
      // alpha = 0.5, sigma = 1: 1 - 0.5 = 0.5; adjusted = -0.5 * 0.5 = -0.25
      assertThat(SnrRule.III.adjusted(-0.5, 1, 0.5, 0)).isCloseTo(-0.25, within(EXACT));
    }

    @Test
    void zeroSigmaKeepsMuAndZeroMuGivesZero() {
      assertThat(SnrRule.III.adjusted(0.7, 0, 1, 0)).isEqualTo(0.7);
      assertThat(SnrRule.III.adjusted(0, 0, 1, 0)).isEqualTo(0.0);
    }

    @Test
    void epsilonIsIgnored() {
      assertThat(SnrRule.III.factor(0.3, 0.04, 1, 1e-5)).isEqualTo(SnrRule.III.factor(0.3, 0.04, 1, 0));
    }

    @Test
    void extremes() {
      // alpha * sigma = 1e-300 * 0.2 -> 1 - 2e-301 = 1
      assertThat(SnrRule.III.factor(0.3, 0.04, 1e-300, 0)).isEqualTo(1.0);
      // MAX_VALUE * 1e15 overflows to infinity -> 0
      assertThat(SnrRule.III.factor(1, 1e30, Double.MAX_VALUE, 0)).isEqualTo(0.0);
      // sigma = sqrt(1.4e-45) = 3.7e-23 -> 1 - 3.7e-23 = 1 in double
      assertThat(SnrRule.III.factor(Float.MIN_VALUE, Float.MIN_VALUE, 1, 0)).isEqualTo(1.0);
      // sigma = 1e38 -> 0
      assertThat(SnrRule.III.factor(1e38, 1e76, 1, 0)).isEqualTo(0.0);
    }
  }

  @ParameterizedTest
  @EnumSource(SnrRule.class)
  void rejectsBadArguments(SnrRule rule) {
    assertThatThrownBy(() -> rule.factor(1, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> rule.factor(1, 1, Double.POSITIVE_INFINITY, 0))
        .hasMessageContaining("alpha must be finite and > 0, got Infinity");
    assertThatThrownBy(() -> rule.factor(1, 1, 1, -1e-5)).hasMessageContaining("epsilon must be finite and >= 0");
    assertThatThrownBy(() -> rule.factor(Double.NaN, 1, 1, 0)).hasMessageContaining("mu must be finite, got NaN");
    assertThatThrownBy(() -> rule.factor(1, -1, 1, 0)).hasMessageContaining("variance must be finite and >= 0, got -1.0");
  }
}
