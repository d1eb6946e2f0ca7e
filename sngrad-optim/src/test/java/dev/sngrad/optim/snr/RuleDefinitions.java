package dev.sngrad.optim.snr;

import static dev.sngrad.optim.snr.LaneProgram.ALPHA;
import static dev.sngrad.optim.snr.LaneProgram.EPSILON;
import static dev.sngrad.optim.snr.LaneProgram.INFINITY;
import static dev.sngrad.optim.snr.LaneProgram.MIN_NORMAL;
import static dev.sngrad.optim.snr.LaneProgram.MU;
import static dev.sngrad.optim.snr.LaneProgram.ONE;
import static dev.sngrad.optim.snr.LaneProgram.SIGMA;
import static dev.sngrad.optim.snr.LaneProgram.VARIANCE;
import static dev.sngrad.optim.snr.LaneProgram.ZERO;
import static dev.sngrad.optim.snr.LaneProgram.and;
import static dev.sngrad.optim.snr.LaneProgram.atLeast;
import static dev.sngrad.optim.snr.LaneProgram.atMost;
import static dev.sngrad.optim.snr.LaneProgram.equal;
import static dev.sngrad.optim.snr.LaneProgram.less;
import static dev.sngrad.optim.snr.LaneProgram.let;
import static dev.sngrad.optim.snr.LaneProgram.minus;
import static dev.sngrad.optim.snr.LaneProgram.or;
import static dev.sngrad.optim.snr.LaneProgram.over;
import static dev.sngrad.optim.snr.LaneProgram.plus;
import static dev.sngrad.optim.snr.LaneProgram.select;
import static dev.sngrad.optim.snr.LaneProgram.times;

import dev.sngrad.optim.snr.LaneProgram.Expr;
import java.util.List;

/**
 * The definition of each {@link SnrRule}'s ordinary range, from which {@code SnrRule} and {@code
 * VectorSnrPass} are written ({@link GeneratedRulesTest}). Edit a rule here, then run {@code
 * GeneratedRulesTest} with {@code -Dsngrad.writeGeneratedRules=true} to rewrite both.
 */
final class RuleDefinitions {
  /** The share of rule I's undamped range of {@code alpha^2 variance} its test claims; see {@link #ruleI}. */
  private static final LaneProgram.Constant UNDAMPED_SHARE = new LaneProgram.Constant("0.98");

  /** The alphas between which rule II's formulas hold for every float statistic; see {@link #ruleII}. */
  private static final LaneProgram.Constant RULE_II_FLOATS_ALPHA_MIN = new LaneProgram.Constant("0x1p-873");

  private static final LaneProgram.Constant RULE_II_FLOATS_ALPHA_MAX = new LaneProgram.Constant("0x1p800");

  private RuleDefinitions() {}

  /** The program of {@code rule}. */
  static LaneProgram of(SnrRule rule) {
    return switch (rule) {
      case I -> ruleI();
      case II -> ruleII();
      case III -> ruleIII();
    };
  }

  /**
   * {@code min(1 / (alpha sigma + epsilon), 1)}: 1 while the denominator is at most 1 (also for
   * {@code sigma = 0}); an overflowing {@code alpha sigma} is rare (logarithms).
   *
   * <p>Undamped without the square root and the division: {@code epsilon < 1} and {@code variance
   * < 0.98 (1 - epsilon)^2 / alpha^2}. Then {@code alpha sigma < 0.99 (1 - epsilon)}, and the
   * computed denominator, three roundings of relative error {@code 2^-53} each away from the true
   * one, stays below 1, so the formula's factor is exactly 1 (the 2 % margin dwarfs the
   * roundings, those of the bound included). An {@code alpha^2} that overflows makes the bound 0,
   * one that underflows makes it infinite; both are right. {@code RuleOneUndampedTest} checks it
   * against the literal formula at the bound.
   */
  private static LaneProgram ruleI() {
    LaneProgram.Let denominator = let("denominator", plus(times(SIGMA, ALPHA), EPSILON));
    Expr slack = minus(ONE, EPSILON);
    Expr bound = over(times(times(UNDAMPED_SHARE, slack), slack), times(ALPHA, ALPHA));
    return new LaneProgram(
        List.of(denominator),
        less(denominator, INFINITY),
        select(atMost(denominator, ONE), ONE, over(ONE, denominator)),
        and(less(EPSILON, ONE), less(VARIANCE, bound)),
        null);
  }

  /**
   * {@code min(mu^2 / (alpha sigma^2 + epsilon), 1)}: 1 without noise when {@code epsilon = 0}, 0
   * for {@code mu = 0}; {@code mu^2} or {@code alpha sigma^2} overflowing or leaving the normal
   * range is rare (logarithms).
   *
   * <p>Never rare for float statistics when {@code 2^-873 <= alpha <= 2^800}: a float {@code mu
   * != 0} lies in {@code [2^-149, 2^128)}, so {@code mu^2} in {@code [2^-298, 2^256)}; a float
   * variance {@code != 0} is at least {@code 2^-149}, so {@code alpha sigma^2 >= 2^-1022}
   * (rounding is monotone), and below {@code 2^128 alpha <= 2^928}, which added to any finite
   * {@code epsilon} rounds to at most {@code Double.MAX_VALUE} (an overflow needs a term of
   * {@code 2^970}, half its last place). The vector pass then skips the test ({@code
   * SnrPassTest} runs alphas at both bounds and beyond them).
   */
  private static LaneProgram ruleII() {
    LaneProgram.Let noNoise = let("noNoise", and(equal(EPSILON, ZERO), equal(VARIANCE, ZERO)));
    LaneProgram.Let meanZero = let("meanZero", equal(MU, ZERO));
    LaneProgram.Let squared = let("squared", times(MU, MU));
    LaneProgram.Let scaled = let("scaled", times(VARIANCE, ALPHA));
    LaneProgram.Let denominator = let("denominator", plus(scaled, EPSILON));
    LaneProgram.Let representable = let("representable",
        and(and(and(atLeast(squared, MIN_NORMAL), less(squared, INFINITY)),
                or(equal(VARIANCE, ZERO), atLeast(scaled, MIN_NORMAL))),
            less(denominator, INFINITY)));
    return new LaneProgram(
        List.of(noNoise, meanZero, squared, scaled, denominator, representable),
        or(or(representable, noNoise), meanZero),
        select(noNoise, ONE, select(meanZero, ZERO, select(atLeast(squared, denominator), ONE, over(squared, denominator)))),
        null,
        and(atLeast(ALPHA, RULE_II_FLOATS_ALPHA_MIN), atMost(ALPHA, RULE_II_FLOATS_ALPHA_MAX)));
  }

  /** {@code 1 - min(alpha sigma, 1)}: 0 once {@code alpha sigma >= 1}, overflow included; nothing rare. */
  private static LaneProgram ruleIII() {
    LaneProgram.Let scaled = let("scaled", times(SIGMA, ALPHA));
    return new LaneProgram(List.of(scaled), null, select(atLeast(scaled, ONE), ZERO, minus(ONE, scaled)));
  }
}
