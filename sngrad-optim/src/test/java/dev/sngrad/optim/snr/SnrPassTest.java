package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector pass against the scalar reference, and the reference against the rule's literal
 * factor: identical bits for the updates and the diagnostics, over every rule, alphas and epsilons
 * from tiny to huge, lengths that leave every tail, and statistics that take each rule's rare
 * branches (zero and subnormal variance, zero and huge means, the extreme floats). The statistics
 * here have none that is not finite, so {@link #run} never returns null for them.
 */
class SnrPassTest {
  /** With the bounds of rule II's range where float statistics are never rare, and beyond them. */
  private static final double[] ALPHAS = {1e-300, 0x1p-874, 0x1p-873, 1e-3, 0.1, 1, 100, 0x1p800, 0x1p801, 1e300};
  private static final double[] EPSILONS = {0, 1e-5, Double.MAX_VALUE};
  private static final int[] LENGTHS = {0, 1, 3, 4, 5, 7, 8, 12, 13, 15, 16, 17, 1000};

  @Test
  void vectorPassGivesTheReferenceBits() {
    SplittableRandom rng = new SplittableRandom(7);
    int cases = 0;
    for (SnrRule rule : SnrRule.values()) {
      for (double alpha : ALPHAS) {
        for (double epsilon : EPSILONS) {
          for (int n : LENGTHS) {
            float[] mu = values(rng, n, false);
            float[] variance = values(rng, n, true);
            String where = rule + " alpha " + alpha + " epsilon " + epsilon + " n " + n;
            checkReferenceBits(rule, alpha, epsilon, values(rng, n, false), mu, variance, where);
            // the update is the mean itself when the rule comes first in a chain, as in a training
            // step: the vector pass then reuses the mean's vectors
            checkReferenceBits(rule, alpha, epsilon, mu, mu, variance, where + ", u is mu");
            cases++;
          }
        }
      }
    }
    assertThat(cases).isEqualTo(3 * ALPHAS.length * EPSILONS.length * LENGTHS.length);
  }

  private static void checkReferenceBits(
      SnrRule rule, double alpha, double epsilon, float[] u, float[] mu, float[] variance, String where) {
    int n = u.length;
    float[] expected = new float[n];
    float[] actual = new float[n];
    SnrPass.Lanes reference = new SnrPass.Lanes();
    SnrPass.Lanes vector = new SnrPass.Lanes();
    assertThat(new ScalarSnrPass(rule, alpha, epsilon).apply(u, mu, variance, expected, 0, n, reference)).isTrue();
    assertThat(new VectorSnrPass(rule, alpha, epsilon).apply(u, mu, variance, actual, 0, n, vector)).isTrue();
    assertThat(actual).as(where).containsExactly(expected);
    assertThat(vector.diagnostics(n)).as(where).isEqualTo(reference.diagnostics(n));
    // the sums lane by lane: a vector of eight doubles adds its two groups of four in order
    assertThat(vector.factorSum).as(where + ", factor sums").containsExactly(reference.factorSum);
    assertThat(vector.noise.variance).as(where + ", variance sums").containsExactly(reference.noise.variance);
    assertThat(vector.noise.squared).as(where + ", squared mean sums").containsExactly(reference.noise.squared);
    assertThat(vector.damped).as(where).isEqualTo(reference.damped);
    if (u != mu) { // in place, as the pass may run: out is u
      float[] inPlace = u.clone();
      assertThat(new VectorSnrPass(rule, alpha, epsilon).apply(inPlace, mu, variance, inPlace, 0, n, new SnrPass.Lanes()))
          .isTrue();
      assertThat(inPlace).as(where + ", in place").containsExactly(expected);
    }
    for (int j = 0; j < n; j++) {
      float literal = (float) (u[j] * rule.factor(mu[j], variance[j], alpha, epsilon));
      assertThat(Float.floatToRawIntBits(expected[j])).as(where + " element " + j)
          .isEqualTo(Float.floatToRawIntBits(literal));
    }
  }

  /**
   * Rule I copies a run of undamped vectors to {@code out} in one call: runs that end at a damped
   * vector and at the end of the vector body, before a scalar tail or none, for both vector widths
   * (a block of 8 elements is two vectors of 4).
   */
  @Test
  void undampedRunsReachTheOutput() {
    boolean[] damped = {false, false, true, false, false, false, true, true, false, false};
    for (int tail : new int[] {0, 3}) {
      int n = 8 * damped.length + tail;
      SplittableRandom rng = new SplittableRandom(23 + tail);
      float[] u = new float[n];
      float[] mu = new float[n];
      float[] variance = new float[n];
      for (int j = 0; j < n; j++) {
        u[j] = (float) rng.nextGaussian();
        mu[j] = (float) rng.nextGaussian();
        variance[j] = (float) (0.5 * rng.nextDouble()); // with alpha 1, undamped below 0.98
      }
      for (int block = 0; block < damped.length; block++) {
        if (damped[block]) {
          variance[8 * block + rng.nextInt(8)] = 4f; // factor 1/2
        }
      }
      float[] expected = new float[n];
      float[] actual = new float[n];
      Arrays.fill(expected, Float.NaN);
      Arrays.fill(actual, Float.NaN);
      assertThat(new ScalarSnrPass(SnrRule.I, 1, 0).apply(u, mu, variance, expected, 0, n, new SnrPass.Lanes()))
          .isTrue();
      assertThat(new VectorSnrPass(SnrRule.I, 1, 0).apply(u, mu, variance, actual, 0, n, new SnrPass.Lanes()))
          .isTrue();
      assertThat(expected).as("reference, tail %s", tail).doesNotContain(Float.NaN);
      assertThat(actual).as("tail %s", tail).containsExactly(expected);
    }
  }

  @Test
  void bothPassesStopAtTheSameNonFiniteStatistic() {
    SplittableRandom rng = new SplittableRandom(17);
    int stopped = 0;
    for (SnrRule rule : SnrRule.values()) {
      for (int n : LENGTHS) {
        for (int trial = 0; trial < 4; trial++) {
          float[] u = values(rng, n, false);
          float[] mu = values(rng, n, false);
          float[] variance = values(rng, n, true);
          if (n > 0 && trial > 0) {
            (rng.nextBoolean() ? mu : variance)[rng.nextInt(n)] = rng.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
          }
          boolean reference = new ScalarSnrPass(rule, 0.1, 0).apply(u, mu, variance, new float[n], 0, n, new SnrPass.Lanes());
          boolean vector = new VectorSnrPass(rule, 0.1, 0).apply(u, mu, variance, new float[n], 0, n, new SnrPass.Lanes());
          assertThat(vector).as("%s n %s", rule, n).isEqualTo(reference);
          assertThat(reference).isEqualTo(n == 0 || trial == 0);
          stopped += reference ? 0 : 1;
        }
      }
    }
    assertThat(stopped).isGreaterThan(20);
  }

  @Test
  void diagnosticsMatchTheirDefinition() {
    SplittableRandom rng = new SplittableRandom(11);
    float[] u = values(rng, 1001, false);
    float[] mu = values(rng, 1001, false);
    float[] variance = values(rng, 1001, true);
    for (SnrRule rule : SnrRule.values()) {
      LayerDiagnostics d = run(SnrPass.of(rule, 1, 0), u, mu, variance, new float[1001]);
      double factorSum = 0;
      int damped = 0;
      for (int j = 0; j < 1001; j++) {
        double f = rule.factor(mu[j], variance[j], 1, 0);
        factorSum += f;
        damped += f < 1 ? 1 : 0;
      }
      assertThat(d.meanFactor()).isCloseTo(factorSum / 1001, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(d.dampedFraction()).isEqualTo(damped / 1001.0);
    }
  }

  @Test
  void bothPassesStopAtANegativeVariance() {
    float[] u = new float[9];
    float[] mu = new float[9];
    float[] variance = new float[9];
    variance[6] = -1f;
    for (SnrPass pass : new SnrPass[] {new ScalarSnrPass(SnrRule.II, 1, 0), new VectorSnrPass(SnrRule.II, 1, 0)}) {
      assertThat(pass.apply(u, mu, variance, new float[9], 0, 9, new SnrPass.Lanes())).isFalse();
      variance[6] = 0f;
      assertThat(pass.apply(u, mu, variance, new float[9], 0, 9, new SnrPass.Lanes())).isTrue();
      variance[6] = -1f;
    }
  }

  /** The whole arrays in one pass: the diagnostics, or null when the pass stopped. */
  private static LayerDiagnostics run(SnrPass pass, float[] u, float[] mu, float[] variance, float[] out) {
    SnrPass.Lanes lanes = new SnrPass.Lanes();
    return pass.apply(u, mu, variance, out, 0, u.length, lanes) ? lanes.diagnostics(u.length) : null;
  }

  /** Mostly ordinary values, with zeros, subnormals, tiny and huge ones mixed in. */
  private static float[] values(SplittableRandom rng, int n, boolean nonNegative) {
    float[] a = new float[n];
    for (int j = 0; j < n; j++) {
      float v = switch (rng.nextInt(8)) {
        case 0 -> 0f;
        case 1 -> rng.nextInt(4) == 0 ? Float.MIN_VALUE : Float.MIN_VALUE * (1 + rng.nextInt(1000));
        case 2 -> (float) Math.scalb(rng.nextDouble(), -100);
        case 3 -> (float) Math.scalb(rng.nextDouble(), 100);
        case 4 -> rng.nextInt(4) == 0 ? Float.MAX_VALUE : Float.MAX_VALUE * (float) rng.nextDouble();
        default -> (float) rng.nextGaussian();
      };
      a[j] = nonNegative ? Math.abs(v) : v;
    }
    return a;
  }
}
