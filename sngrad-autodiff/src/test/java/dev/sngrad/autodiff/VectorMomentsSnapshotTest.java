package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.internal.PassLanes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMomentsSnapshot} against its scalar reference, {@link
 * GradientStatsAccumulator#fillOfOneAdd}, bit for bit: counts that multiply by {@code 1/n} and
 * counts that divide, ranges with every tail, a shifted output, and sums whose variance falls under
 * the rounding bound.
 */
class VectorMomentsSnapshotTest {
  @Test
  void fillGivesTheScalarReferenceBits() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int n : new int[] {1, 2, 3, 7, 16, 128, 1000}) {
      for (int length : new int[] {0, 1, 3, 4, 5, 8, 12, 13, 15, 16, 17, 67}) {
        float[] s = new float[length + 8];
        float[] q = new float[length + 8];
        for (int j = 0; j < s.length; j++) {
          double scale = Math.scalb(1.0, rng.nextInt(-40, 40));
          if (rng.nextInt(6) == 0) {
            double g = rng.nextGaussian() * scale; // identical examples: the variance is rounding
            s[j] = (float) (n * g);
            q[j] = (float) (n * g * g);
          } else {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
              double g = rng.nextGaussian() * scale;
              sum += g;
              squares += g * g;
            }
            s[j] = (float) sum;
            q[j] = (float) squares;
          }
        }
        int from = 4 * rng.nextInt(3);
        int to = from + length;
        int shift = from - rng.nextInt(4);
        float[] expectedMean = new float[length + 8];
        float[] expectedVariance = new float[length + 8];
        GradientStatsAccumulator.fillOfOneAdd(n, s, q, expectedMean, expectedVariance, from, to, shift);
        float[] mean = new float[length + 8];
        float[] variance = new float[length + 8];
        int end = VectorMomentsSnapshot.fill(n, s, q, mean, variance, from, to, shift);
        assertThat(end).as("a whole number of vectors").isBetween(to - (PassLanes.LANES - 1), to);
        GradientStatsAccumulator.fillOfOneAdd(n, s, q, mean, variance, end, to, shift);
        String where = "n " + n + ", elements [" + from + ", " + to + ") shifted by " + shift;
        assertThat(bits(mean)).as(where).containsExactly(bits(expectedMean));
        assertThat(bits(variance)).as(where).containsExactly(bits(expectedVariance));
      }
    }
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int j = 0; j < a.length; j++) {
      b[j] = Float.floatToRawIntBits(a[j]);
    }
    return b;
  }
}
