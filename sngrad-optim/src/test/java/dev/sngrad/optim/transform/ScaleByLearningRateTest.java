package dev.sngrad.optim.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The learning-rate scaling, {@code (float) (factor * in[j])}, in both its forms (the Vector API
 * loop and the scalar one) against that literal expression, bit for bit.
 */
class ScaleByLearningRateTest {
  private static final float[] SPECIAL = {
    0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
    Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, Float.MIN_NORMAL
  };
  private static final double[] FACTORS = {-0.1902, -1e-6, -3.0, 0.5, -0.0, 1e30, -1e-300};

  @Test
  void bothFormsGiveTheBitsOfTheDoubleProductRoundedToFloat() {
    SplittableRandom rng = new SplittableRandom(31);
    for (double factor : FACTORS) {
      for (int length = 0; length <= 70; length++) {
        float[] in = new float[length + 3]; // longer than the block, as the passes' block arrays are
        for (int j = 0; j < in.length; j++) {
          in[j] = rng.nextInt(5) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) (rng.nextGaussian() * 10);
        }
        float[] vector = new float[in.length];
        int end = VectorScale.scale(factor, in, vector, length);
        assertThat(end).isEqualTo(length - length % 4);
        float[] active = new float[in.length];
        assertThat(ScaleByLearningRate.scale(factor).apply(in, active, 0, length, null, null)).isTrue();
        for (int j = 0; j < length; j++) {
          int expected = Float.floatToIntBits((float) (factor * in[j]));
          assertThat(Float.floatToIntBits(active[j])).as("%s * %s", factor, in[j]).isEqualTo(expected);
          if (j < end) {
            assertThat(Float.floatToIntBits(vector[j])).as("vector %s * %s", factor, in[j]).isEqualTo(expected);
          }
        }
        for (int j = length; j < in.length; j++) {
          assertThat(active[j]).as("past the block").isZero();
          assertThat(vector[j]).isZero();
        }
      }
    }
  }
}
