package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the rules over the whole double range, subnormals and huge values included, and
 * agreement with the original code's formulas written out literally. Each property is checked on
 * {@value #SAMPLES} seeded random cases per rule; a failure message names the case.
 */
class SnrRulePropertyTest {
  private static final int SAMPLES = 3000;

  private static final double[] SPECIAL = {
      0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Float.MIN_VALUE, 1e-300, 1.0, 1e38, Float.MAX_VALUE, 1e76, 1e300,
      Double.MAX_VALUE};

  /** Positive doubles {@code m * 2^e}, {@code m} in [1, 2), any exponent: subnormals to MAX_VALUE. */
  private static double magnitude(SplittableRandom rng) {
    double x = Math.scalb(rng.nextDouble(1, 2), rng.nextInt(-1074, 1024));
    return x > 0 && Double.isFinite(x) ? x : Double.MIN_VALUE;
  }

  /** Non-negative: 60% any magnitude, 10% special values, 30% moderate. */
  private static double nonNegative(SplittableRandom rng) {
    int pick = rng.nextInt(10);
    if (pick < 6) {
      return magnitude(rng);
    }
    return pick < 7 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextDouble(0, 100);
  }

  private static double anyFinite(SplittableRandom rng) {
    double x = nonNegative(rng);
    return rng.nextBoolean() ? x : -x;
  }

  private static double positive(SplittableRandom rng) {
    double x = nonNegative(rng);
    return x > 0 ? x : 1.0;
  }

  private static double epsilon(SplittableRandom rng) {
    return rng.nextInt(4) == 0 ? new double[] {0.0, 1e-5, Double.MIN_VALUE, 1.0, 1e300}[rng.nextInt(5)] : magnitude(rng);
  }

  @Test
  void factorIsInTheUnitIntervalAndAdjustedKeepsSignAndNeverGrows() {
    SplittableRandom rng = new SplittableRandom(1);
    for (SnrRule rule : SnrRule.values()) {
      for (int s = 0; s < SAMPLES; s++) {
        double mu = anyFinite(rng);
        double variance = nonNegative(rng);
        double alpha = positive(rng);
        double epsilon = epsilon(rng);
        String at = String.format("%s mu=%s var=%s alpha=%s eps=%s", rule, mu, variance, alpha, epsilon);
        assertThat(rule.factor(mu, variance, alpha, epsilon)).as(at).isBetween(0.0, 1.0); // also excludes NaN
        double adjusted = rule.adjusted(mu, variance, alpha, epsilon);
        assertThat(Double.isFinite(adjusted)).as(at).isTrue();
        assertThat(Math.abs(adjusted)).as(at).isLessThanOrEqualTo(Math.abs(mu));
        assertThat(Math.signum(adjusted) == 0 || Math.signum(adjusted) == Math.signum(mu)).as(at).isTrue();
      }
    }
  }

  @Test
  void ruleThreeIsZeroOnceAlphaSigmaReachesOne() {
    SplittableRandom rng = new SplittableRandom(2);
    int checked = 0;
    while (checked < SAMPLES) {
      double mu = anyFinite(rng);
      double variance = nonNegative(rng);
      double alpha = positive(rng);
      if (alpha * Math.sqrt(variance) >= 1) {
        checked++;
        assertThat(SnrRule.III.factor(mu, variance, alpha, 0)).as("mu=%s var=%s alpha=%s", mu, variance, alpha).isEqualTo(0.0);
      }
    }
  }

  @Test
  void zeroVarianceKeepsMuWithoutEpsilon() {
    SplittableRandom rng = new SplittableRandom(3);
    for (SnrRule rule : SnrRule.values()) {
      for (int s = 0; s < SAMPLES; s++) {
        double mu = anyFinite(rng);
        double alpha = positive(rng);
        assertThat(rule.adjusted(mu, 0, alpha, 0)).as("%s mu=%s alpha=%s", rule, mu, alpha).isEqualTo(mu);
      }
    }
  }

  /** The original code (CODE-FACTS.md) with its epsilon 1e-5, written literally, on moderate values. */
  @Test
  void epsilonOneEMinusFiveMatchesTheOriginalCode() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int s = 0; s < SAMPLES; s++) {
      double mean = rng.nextDouble(-10, 10);
      double var = rng.nextDouble(0, 100);
      double alpha = rng.nextDouble(1e-3, 10);
      double std = Math.sqrt(var);
      // I:   mean * minimum(1 / (alpha * std + 1e-5), 1)
      double ruleI = mean * Math.min(1 / (alpha * std + 1e-5), 1);
      // II:  mean * minimum(mean**2 / (alpha * var + 1e-5), 1)
      double ruleII = mean * Math.min(Math.pow(mean, 2) / (alpha * var + 1e-5), 1);
      // III: mean * (1 - minimum(alpha * std, 1))
      double ruleIII = mean * (1 - Math.min(alpha * std, 1));
      assertThat(SnrRule.I.adjusted(mean, var, alpha, 1e-5)).isCloseTo(ruleI, within(1e-12 * (1 + Math.abs(ruleI))));
      assertThat(SnrRule.II.adjusted(mean, var, alpha, 1e-5)).isCloseTo(ruleII, within(1e-12 * (1 + Math.abs(ruleII))));
      assertThat(SnrRule.III.adjusted(mean, var, alpha, 1e-5)).isCloseTo(ruleIII, within(1e-12 * (1 + Math.abs(ruleIII))));
    }
  }

  /** Where the naive exact formulas are well defined (no 0/0, no overflow) they agree. */
  @Test
  void exactRulesMatchNaiveFormulasOnModerateValues() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int s = 0; s < SAMPLES; s++) {
      double mu = rng.nextDouble(-10, 10);
      double variance = rng.nextDouble(1e-6, 100);
      double alpha = rng.nextDouble(1e-3, 10);
      double sigma = Math.sqrt(variance);
      assertThat(SnrRule.I.factor(mu, variance, alpha, 0)).isCloseTo(Math.min(1 / (alpha * sigma), 1), within(1e-12));
      assertThat(SnrRule.II.factor(mu, variance, alpha, 0)).isCloseTo(Math.min(mu * mu / (alpha * variance), 1), within(1e-12));
      assertThat(SnrRule.III.factor(mu, variance, alpha, 0)).isCloseTo(1 - Math.min(alpha * sigma, 1), within(1e-12));
    }
  }
}
