package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector pass against the scalar reference, and the reference against the rule's literal
 * factor: identical bits for the updates and the diagnostics, over every rule, alphas and epsilons
 * from tiny to huge, lengths that leave every tail, and statistics that take each rule's rare
 * branches (zero and subnormal variance, zero and huge means).
 */
class SnrPassTest {
  private static final double[] ALPHAS = {1e-300, 1e-3, 0.1, 1, 100, 1e300};
  private static final double[] EPSILONS = {0, 1e-5};
  private static final int[] LENGTHS = {0, 1, 3, 4, 5, 7, 8, 13, 1000};
  private static final MatMulKernel ONE_THREAD = MatMulKernel.scalar(1);

  @Test
  void chunksOnSeveralThreadsGiveTheBitsOfOneThread() {
    SplittableRandom rng = new SplittableRandom(13);
    int n = 3 * SnrPass.CHUNK + 7;
    float[] u = values(rng, n, false);
    float[] mu = values(rng, n, false);
    float[] variance = values(rng, n, true);
    variance[2 * SnrPass.CHUNK + 1] = Float.NaN;
    variance[SnrPass.CHUNK + 3] = -1f; // the first unusable element is the one reported
    for (SnrRule rule : SnrRule.values()) {
      for (SnrPass pass : new SnrPass[] {new ScalarSnrPass(rule, 0.5, 0), new VectorSnrPass(rule, 0.5, 0)}) {
        float[] one = new float[n];
        float[] two = new float[n];
        float[] clean = variance.clone();
        clean[2 * SnrPass.CHUNK + 1] = 0;
        clean[SnrPass.CHUNK + 3] = 0;
        LayerDiagnostics sequential = pass.apply("w", u, mu, clean, one, ONE_THREAD);
        LayerDiagnostics parallel = pass.apply("w", u, mu, clean, two, MatMulKernel.parallel(2));
        assertThat(two).as("%s", rule).containsExactly(one);
        assertThat(parallel).isEqualTo(sequential);
        assertThatThrownBy(() -> pass.apply("w", u, mu, variance, new float[n], MatMulKernel.parallel(2)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at element " + (SnrPass.CHUNK + 3));
      }
    }
  }

  @Test
  void vectorPassGivesTheReferenceBits() {
    SplittableRandom rng = new SplittableRandom(7);
    int cases = 0;
    for (SnrRule rule : SnrRule.values()) {
      for (double alpha : ALPHAS) {
        for (double epsilon : EPSILONS) {
          for (int n : LENGTHS) {
            float[] u = values(rng, n, false);
            float[] mu = values(rng, n, false);
            float[] variance = values(rng, n, true);
            float[] expected = new float[n];
            float[] actual = new float[n];
            LayerDiagnostics reference = new ScalarSnrPass(rule, alpha, epsilon).apply("w", u, mu, variance, expected, ONE_THREAD);
            LayerDiagnostics vector = new VectorSnrPass(rule, alpha, epsilon).apply("w", u, mu, variance, actual, ONE_THREAD);
            String where = rule + " alpha " + alpha + " epsilon " + epsilon + " n " + n;
            assertThat(actual).as(where).containsExactly(expected);
            assertThat(vector).as(where).isEqualTo(reference);
            for (int j = 0; j < n; j++) {
              float literal = (float) (u[j] * rule.factor(mu[j], variance[j], alpha, epsilon));
              assertThat(Float.floatToRawIntBits(expected[j])).as(where + " element " + j)
                  .isEqualTo(Float.floatToRawIntBits(literal));
            }
            cases++;
          }
        }
      }
    }
    assertThat(cases).isEqualTo(3 * ALPHAS.length * EPSILONS.length * LENGTHS.length);
  }

  @Test
  void vectorStepGivesTheReferenceBits() {
    SplittableRandom rng = new SplittableRandom(17);
    int steps = 0;
    int failures = 0;
    for (SnrRule rule : SnrRule.values()) {
      for (double alpha : ALPHAS) {
        for (double epsilon : EPSILONS) {
          for (int n : LENGTHS) {
            for (double scale : new double[] {-0.05, -3e38}) {
              int at = 4 * rng.nextInt(3);
              float[] mu = values(rng, n, false);
              float[] variance = values(rng, n, true);
              float[] p = values(rng, at + n, false);
              if (n > 4 && rng.nextInt(4) == 0) {
                (rng.nextBoolean() ? mu : variance)[rng.nextInt(n)] = rng.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
              }
              float[] expected = new float[at + n];
              float[] actual = new float[at + n];
              SnrPass.Lanes referenceLanes = new SnrPass.Lanes();
              SnrPass.Lanes vectorLanes = new SnrPass.Lanes();
              boolean reference = new ScalarSnrPass(rule, alpha, epsilon)
                  .step("w", mu, variance, p, expected, at, 0, n, scale, referenceLanes);
              boolean vector = new VectorSnrPass(rule, alpha, epsilon)
                  .step("w", mu, variance, p, actual, at, 0, n, scale, vectorLanes);
              String where = rule + " alpha " + alpha + " epsilon " + epsilon + " n " + n + " scale " + scale;
              assertThat(vector).as(where).isEqualTo(reference);
              if (!reference) {
                failures++;
                continue;
              }
              assertThat(actual).as(where).containsExactly(expected);
              assertThat(vectorLanes.diagnostics(n)).as(where).isEqualTo(referenceLanes.diagnostics(n));
              for (int j = 0; j < n; j++) {
                float adjusted = (float) (mu[j] * rule.factor(mu[j], variance[j], alpha, epsilon));
                float literal = p[at + j] + (float) (scale * adjusted);
                assertThat(Float.floatToRawIntBits(expected[at + j])).as(where + " element " + j)
                    .isEqualTo(Float.floatToRawIntBits(literal));
              }
              steps++;
            }
          }
        }
      }
    }
    // both outcomes are covered: finite steps, and steps stopped by a non-finite value
    assertThat(steps).isGreaterThan(100);
    assertThat(failures).isGreaterThan(20);
  }

  @Test
  void diagnosticsMatchTheirDefinition() {
    SplittableRandom rng = new SplittableRandom(11);
    float[] u = values(rng, 1001, false);
    float[] mu = values(rng, 1001, false);
    float[] variance = values(rng, 1001, true);
    for (SnrRule rule : SnrRule.values()) {
      LayerDiagnostics d = SnrPass.of(rule, 1, 0).apply("w", u, mu, variance, new float[1001], ONE_THREAD);
      double factorSum = 0;
      int damped = 0;
      int noisy = 0;
      double signalToNoise = 0;
      for (int j = 0; j < 1001; j++) {
        double f = rule.factor(mu[j], variance[j], 1, 0);
        factorSum += f;
        damped += f < 1 ? 1 : 0;
        if (variance[j] > 0) {
          noisy++;
          signalToNoise += Math.abs(mu[j]) / Math.sqrt(variance[j]);
        }
      }
      assertThat(d.meanFactor()).isCloseTo(factorSum / 1001, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(d.dampedFraction()).isEqualTo(damped / 1001.0);
      assertThat(d.noisyElements()).isEqualTo(noisy);
      assertThat(d.meanSignalToNoise()).isCloseTo(signalToNoise / noisy, org.assertj.core.data.Percentage.withPercentage(1e-10));
    }
  }

  @Test
  void unusableStatisticsAreNamedTheSameWayByBothPasses() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1f}) {
      float[] u = new float[9];
      float[] mu = new float[9];
      float[] variance = new float[9];
      variance[6] = bad;
      for (SnrPass pass : new SnrPass[] {new ScalarSnrPass(SnrRule.II, 1, 0), new VectorSnrPass(SnrRule.II, 1, 0)}) {
        assertThatThrownBy(() -> pass.apply("layer0/w", u, mu, variance, new float[9], ONE_THREAD))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'layer0/w' at element 6")
            .hasMessageContaining("variance " + (double) bad);
      }
    }
  }

  /** Mostly ordinary values, with zeros, subnormals, tiny and huge ones mixed in. */
  private static float[] values(SplittableRandom rng, int n, boolean nonNegative) {
    float[] a = new float[n];
    for (int j = 0; j < n; j++) {
      float v = switch (rng.nextInt(8)) {
        case 0 -> 0f;
        case 1 -> Float.MIN_VALUE * (1 + rng.nextInt(1000));
        case 2 -> (float) Math.scalb(rng.nextDouble(), -100);
        case 3 -> (float) Math.scalb(rng.nextDouble(), 100);
        case 4 -> Float.MAX_VALUE * (float) rng.nextDouble();
        default -> (float) rng.nextGaussian();
      };
      a[j] = nonNegative ? Math.abs(v) : v;
    }
    return a;
  }
}
