package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rule I skips its square root and division where {@code variance < 0.98 (1 - epsilon)^2 /
 * alpha^2} ({@code RuleDefinitions}): there the literal formula {@code min(1 / (alpha sqrt(variance)
 * + epsilon), 1)} must be exactly 1, and on both sides of that bound the scalar rule and the vector
 * pass must give the formula's bits.
 */
class RuleOneUndampedTest {
  private static final double[] EPSILONS = {0, 1e-5, 0.5, 0.999};

  @Test
  void theFormulaIsOneBelowTheBound() {
    SplittableRandom rng = new SplittableRandom(3);
    int checked = 0;
    for (Case c : cases(rng)) {
      for (double variance : new double[] {Math.nextDown(c.bound()), c.bound() * rng.nextDouble(), 0.0}) {
        assertThat(literal(variance, c.alpha(), c.epsilon())).as("%s variance %s", c, variance).isEqualTo(1.0);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(6000);
  }

  @Test
  void theRuleGivesTheFormulasBitsAroundTheBound() {
    int damped = 0;
    for (Case c : cases(new SplittableRandom(5))) {
      double bound = c.bound();
      // the bound, a step past it, where the true denominator is 1 (1.0204 = 1 / 0.98), and beyond
      for (double variance : new double[] {bound, Math.nextUp(bound), bound * 1.0204, bound * 1.0205, bound * 4}) {
        double expected = literal(variance, c.alpha(), c.epsilon());
        assertThat(SnrRule.I.factor(0.5, variance, c.alpha(), c.epsilon())).as("%s variance %s", c, variance)
            .isEqualTo(expected);
        damped += expected < 1 ? 1 : 0;
      }
    }
    assertThat(damped).as("the cases past the bound that damp").isGreaterThan(2000);
  }

  @Test
  void theVectorPassGivesTheFormulasBitsInMixedBlocks() {
    SplittableRandom rng = new SplittableRandom(9);
    int n = 4096;
    for (double alpha : new double[] {0.1, 3, 250}) {
      for (double epsilon : EPSILONS) {
        double bound = bound(alpha, epsilon);
        float[] u = new float[n];
        float[] mu = new float[n];
        float[] variance = new float[n];
        for (int j = 0; j < n; j++) {
          u[j] = (float) rng.nextGaussian();
          mu[j] = u[j];
          // blocks of four all below the bound, all above it, or mixed
          double scale = switch ((j / 4) % 3) {
            case 0 -> 0.999 * rng.nextDouble();
            case 1 -> 1.0 + rng.nextDouble();
            default -> 0.9 + 0.2 * rng.nextDouble();
          };
          variance[j] = (float) (bound * scale);
        }
        float[] out = new float[n];
        assertThat(new VectorSnrPass(SnrRule.I, alpha, epsilon).apply(u, mu, variance, out, 0, n, new SnrPass.Lanes()))
            .isTrue();
        for (int j = 0; j < n; j++) {
          float expected = (float) (u[j] * literal(variance[j], alpha, epsilon));
          assertThat(Float.floatToRawIntBits(out[j])).as("alpha %s epsilon %s element %s", alpha, epsilon, j)
              .isEqualTo(Float.floatToRawIntBits(expected));
        }
      }
    }
  }

  /** An alpha, an epsilon and the bound between them. */
  private record Case(double alpha, double epsilon, double bound) {}

  /** 2000 cases: alphas log-uniform in {@code [1e-8, 1e8]}, each epsilon in turn. */
  private static List<Case> cases(SplittableRandom rng) {
    List<Case> cases = new ArrayList<>();
    for (int trial = 0; trial < 2000; trial++) {
      double alpha = Math.pow(10, -8 + 16 * rng.nextDouble());
      double epsilon = EPSILONS[trial % EPSILONS.length];
      cases.add(new Case(alpha, epsilon, bound(alpha, epsilon)));
    }
    return cases;
  }

  /** The bound as {@code RuleDefinitions} writes it, operation by operation. */
  private static double bound(double alpha, double epsilon) {
    return 0.98 * (1.0 - epsilon) * (1.0 - epsilon) / (alpha * alpha);
  }

  /** Rule I's factor as written in the brief, with epsilon in the denominator. */
  private static double literal(double variance, double alpha, double epsilon) {
    return Math.min(1.0 / (alpha * Math.sqrt(variance) + epsilon), 1.0);
  }
}
