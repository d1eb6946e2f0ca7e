package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorBiasMoments} against its scalar reference in {@link BiasAdd} and against literal
 * column sums, bit for bit, special values included, for widths that leave every remainder after
 * the blocks of four vectors and after single vectors. Bits are compared as {@link
 * Float#floatToIntBits} does, every NaN alike: of two NaN operands an addition returns the first,
 * and a compiler may swap the operands of an addition.
 */
class VectorBiasMomentsTest {
  @Test
  void columnSumsGiveTheScalarReferenceBits() {
    SplittableRandom rng = new SplittableRandom(9);
    for (int rows : new int[] {1, 2, 5, 37}) {
      for (int n = 0; n <= 75; n++) {
        float[] c = values(rng, rows * n);
        float[] expectedSum = new float[n];
        float[] expectedSquares = new float[n];
        BiasAdd.columnSums(c, rows, n, expectedSum, expectedSquares, 0);
        float[] sum = new float[n];
        float[] squares = new float[n];
        int end = VectorBiasMoments.columnSums(c, rows, n, sum, squares);
        assertThat(end).as("n %s", n).isBetween(n - 7, n).isNotNegative();
        BiasAdd.columnSums(c, rows, n, sum, squares, end);
        for (int j = 0; j < n; j++) {
          float literalSum = 0f;
          float literalSquares = 0f;
          for (int r = 0; r < rows; r++) {
            float v = c[r * n + j];
            literalSum += v;
            literalSquares += v * v;
          }
          String where = String.format("rows %s, n %s, column %s", rows, n, j);
          assertThat(Float.floatToIntBits(expectedSum[j])).as(where).isEqualTo(Float.floatToIntBits(literalSum));
          assertThat(Float.floatToIntBits(expectedSquares[j])).as(where)
              .isEqualTo(Float.floatToIntBits(literalSquares));
          assertThat(Float.floatToIntBits(sum[j])).as(where).isEqualTo(Float.floatToIntBits(expectedSum[j]));
          assertThat(Float.floatToIntBits(squares[j])).as(where)
              .isEqualTo(Float.floatToIntBits(expectedSquares[j]));
        }
      }
    }
  }

  /** Standard normal values at scales from 1e-20 to 1e20 (so that the order of additions shows), a tenth special. */
  private static float[] values(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextInt(10) == 0
          ? FastLoopsTest.SPECIAL[rng.nextInt(FastLoopsTest.SPECIAL.length)]
          : (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-20, 21)));
    }
    return a;
  }
}
