package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector kernel's packing, with Vector API moves and with the scalar loops {@link
 * CpuFeatures#vectorPacking()} chooses elsewhere, against literal loops: a JVM runs one of the two
 * inside its products, so the product tests alone cover only that one.
 */
class VectorPackingTest {
  private static final int PANEL = 16;
  /** Rows of a transposed {@code A} in one packed block. */
  private static final int ROWS = 24;
  /** Written around and beyond what the packing may write, to show it is left alone. */
  private static final float UNTOUCHED = -7.5f;

  @ParameterizedTest(name = "n={0} k={1} j0={2} width={3}")
  @CsvSource({"16,1,0,16", "37,9,16,16", "37,9,32,5", "48,20,32,16", "3,4,0,3", "21,300,16,5"})
  void panelsOfBHoldItsColumnsOrSquaresZeroPadded(int n, int k, int j0, int width) {
    SplittableRandom rng = new SplittableRandom(n * 31L + k * 7L + j0 + width);
    int at = 5; // a band's second panel, or any offset, starts past the first
    for (boolean transposeB : new boolean[] {false, true}) {
      float[] b = values(k * n, rng); // k x n, or n x k when transposed
      for (boolean square : new boolean[] {false, true}) {
        float[] expected = filled(at + k * PANEL + 3);
        for (int p = 0; p < k; p++) {
          for (int jj = 0; jj < PANEL; jj++) {
            float v = jj >= width ? 0f : transposeB ? b[(j0 + jj) * k + p] : b[p * n + j0 + jj];
            expected[at + p * PANEL + jj] = square ? v * v : v;
          }
        }
        for (boolean vectorMoves : new boolean[] {false, true}) {
          float[] packed = filled(expected.length);
          VectorMatMulKernel.pack(b, transposeB, square, packed, at, n, k, j0, width, vectorMoves);
          assertThat(packed).as("transposeB=%s square=%s vectorMoves=%s", transposeB, square, vectorMoves)
              .isEqualTo(expected);
        }
      }
    }
  }

  @ParameterizedTest(name = "m={0} k={1} g={2} height={3}")
  @CsvSource({"24,1,0,24", "53,9,24,24", "37,9,32,5", "53,20,48,5", "50,300,24,24", "7,3,0,7", "40,5,24,16"})
  void blocksOfATransposedHoldItsRowsOrSquares(int m, int k, int g, int height) {
    SplittableRandom rng = new SplittableRandom(m * 31L + k * 7L + g + height);
    float[] a = values(k * m, rng); // A given transposed: k x m, element (i, p) at a[p m + i]
    int rowsAt = 3;
    for (boolean square : new boolean[] {false, true}) {
      // columns beyond height are left as they were
      float[] expected = filled(rowsAt + k * ROWS + 2);
      for (int p = 0; p < k; p++) {
        for (int r = 0; r < height; r++) {
          float v = a[p * m + g + r];
          expected[rowsAt + p * ROWS + r] = square ? v * v : v;
        }
      }
      for (boolean vectorMoves : new boolean[] {false, true}) {
        float[] rows = filled(expected.length);
        VectorMatMulKernel.packRows(a, m, square, rows, rowsAt, k, g, height, vectorMoves);
        assertThat(rows).as("square=%s vectorMoves=%s", square, vectorMoves).isEqualTo(expected);
      }
    }
  }

  /**
   * Values in [-2, 2), and some whose squares round, overflow to infinity or underflow to zero or
   * a subnormal, and a negative zero: a square formed another way than {@code v * v} differs.
   */
  private static float[] values(int size, SplittableRandom rng) {
    float[] special = {3e20f, -2e19f, 1e-23f, -3e-21f, 1.0000001f, -0f, Float.MAX_VALUE, Float.MIN_NORMAL};
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = i % 11 == 3 ? special[(i / 11) % special.length] : (float) rng.nextDouble(-2, 2);
    }
    return x;
  }

  private static float[] filled(int size) {
    float[] x = new float[size];
    Arrays.fill(x, UNTOUCHED);
    return x;
  }
}
