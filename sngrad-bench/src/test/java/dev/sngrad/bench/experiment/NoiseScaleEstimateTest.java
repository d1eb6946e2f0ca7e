package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The epoch's noise scale against gradients whose true noise scale is known: per-example gradients
 * {@code g_i = G + noise}, with independent normal noise of standard deviation {@code s} in each of
 * {@code d} coordinates, so that {@code tr(Sigma) = d s^2} and {@code B_simple = d s^2 / |G|^2}.
 */
class NoiseScaleEstimateTest {
  private static final int DIMENSIONS = 100;
  private static final double SIGMA = 1.0;
  private static final double SIGNAL = 0.05; // each coordinate of G, so |G|^2 = 0.25 and B_simple = 400

  /** The epoch averages over {@code steps} batches of {@code batchSize}, as a training run keeps them. */
  private static EpochMetrics.Noise epoch(int batchSize, int steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double varianceSum = 0;
    double meanSquaredNorm = 0;
    double[] g = new double[batchSize];
    for (int step = 0; step < steps; step++) {
      for (int j = 0; j < DIMENSIONS; j++) {
        double mean = 0;
        for (int i = 0; i < batchSize; i++) {
          g[i] = SIGNAL + SIGMA * gaussian(random);
          mean += g[i];
        }
        mean /= batchSize;
        double variance = 0;
        for (int i = 0; i < batchSize; i++) {
          variance += (g[i] - mean) * (g[i] - mean);
        }
        varianceSum += variance / batchSize; // population variance, as GradientStats holds it
        meanSquaredNorm += mean * mean;
      }
    }
    return new EpochMetrics.Noise(varianceSum / steps, meanSquaredNorm / steps, varianceSum / meanSquaredNorm);
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble(); // (0, 1]
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void theUnbiasedEstimateFindsANoiseScaleFarAboveTheBatchSize() {
    double truth = DIMENSIONS * SIGMA * SIGMA / (DIMENSIONS * SIGNAL * SIGNAL);
    EpochMetrics.Noise n = epoch(8, 20_000, 1);
    // the naive ratio cannot see past the batch: E|mu|^2 = |G|^2 + tr(Sigma)/B keeps it below B
    assertThat(n.scale()).isLessThan(8).isGreaterThan(6);
    assertThat(n.unbiasedScale(8)).isCloseTo(truth, within(0.15 * truth));
  }

  @Test
  void aStrongSignalIsMeasuredAlikeByBothOnceTheBiasIsSmall() {
    // B = 256 and B_simple = 400: the naive ratio is biased by a factor 1 + 400/256, the other not
    EpochMetrics.Noise n = epoch(256, 400, 2);
    assertThat(n.unbiasedScale(256)).isCloseTo(400, within(0.15 * 400));
    assertThat(n.scale()).isCloseTo(400 / (1 + 400.0 / 256) * 255 / 256, within(0.1 * 156));
  }

  @Test
  void theWholeNetworksEstimatePoolsTheTensorsSums() {
    EpochMetrics.Noise a = new EpochMetrics.Noise(3.0, 1.0, 3.0);
    EpochMetrics.Noise b = new EpochMetrics.Noise(1.0, 2.0, 0.5);
    EpochMetrics m = new EpochMetrics(1, 0, 0, 0, 0, Double.NaN, Double.NaN, 1, 1, 1, 0, Double.NaN, Map.of(),
        4.0 / 3.0, Map.of("a", a, "b", b));
    // B = 5: trace 4 * 5/4 = 5, signal 3 - 4/4 = 2
    assertThat(m.unbiasedNoiseScale(5)).isEqualTo(2.5);
    // tensor a alone: signal 1 - 3/4 = 0.25, trace 3.75
    assertThat(a.unbiasedScale(5)).isEqualTo(15.0);
    // a mean no larger than its noise: no estimate; a single example has no variance
    assertThat(new EpochMetrics.Noise(4.0, 1.0, 4.0).unbiasedScale(5)).isNaN();
    assertThat(m.unbiasedNoiseScale(1)).isNaN();
  }
}
