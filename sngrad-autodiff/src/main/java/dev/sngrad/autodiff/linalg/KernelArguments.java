package dev.sngrad.autodiff.linalg;

import java.util.Arrays;

/**
 * What every {@link MatMulKernel} does with its arguments before multiplying: checks and squares.
 * Public for kernels that live in other modules (a native backend on the class path).
 */
public final class KernelArguments {
  private static final float[] NONE = new float[0];

  private KernelArguments() {}

  /**
   * Checks that the sizes are non-negative and that {@code a}, {@code b} and {@code c} hold at
   * least {@code m x k}, {@code k x n} and {@code m x n} values (a native kernel reads no further
   * than this check lets it).
   *
   * @param a the left operand, at least {@code m * k} values
   * @param b the right operand, at least {@code k * n} values
   * @param c the result, at least {@code m * n} values
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   * @throws IllegalArgumentException naming the sizes when one is negative or an array is too short
   */
  public static void check(float[] a, float[] b, float[] c, int m, int n, int k) {
    // Plain ifs: checkArgument with more than two arguments boxes them on every product.
    if (m < 0 || n < 0 || k < 0) {
      throw failure("matmul kernel: negative size %s x %s x %s", m, n, k);
    }
    if (a.length < (long) m * k) {
      throw failure("matmul kernel: a has %s values, needs %s x %s", a.length, m, k);
    }
    if (b.length < (long) k * n) {
      throw failure("matmul kernel: b has %s values, needs %s x %s", b.length, k, n);
    }
    if (c.length < (long) m * n) {
      throw failure("matmul kernel: c has %s values, needs %s x %s", c.length, m, n);
    }
  }

  /**
   * {@link #check}s the arguments and says whether a library call is needed: false when {@code C}
   * is empty, or when {@code k = 0}, in which case {@code C} is set to zeros here.
   *
   * @param a the left operand, at least {@code m * k} values
   * @param b the right operand, at least {@code k * n} values
   * @param c the result, at least {@code m * n} values; zeroed when {@code k = 0}
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   * @return true when {@code m}, {@code n} and {@code k} are all positive
   * @throws IllegalArgumentException as {@link #check} does
   */
  public static boolean checkNeedsProduct(float[] a, float[] b, float[] c, int m, int n, int k) {
    // Native code does not check bounds: a short array must fail here, not crash the JVM.
    check(a, b, c, m, n, k);
    if (m == 0 || n == 0) {
      return false;
    }
    if (k == 0) {
      Arrays.fill(c, 0, m * n, 0f);
      return false;
    }
    return true;
  }

  private static IllegalArgumentException failure(String format, int x, int y, int z) {
    return new IllegalArgumentException(String.format(format, x, y, z));
  }

  /** The first {@code size} values of {@code x}, squared (rounded to float), in a new array. */
  static float[] squares(float[] x, int size) {
    return squares(x, size, NONE);
  }

  /**
   * The first {@code size} values of {@code x}, squared (rounded to float), in {@code scratch}
   * when it is large enough, else in a new array; returns the array written.
   *
   * @param x the values, at least {@code size} of them; not modified
   * @param size how many values to square
   * @param scratch an array to reuse when it holds at least {@code size} values
   * @return {@code scratch} or a new array, holding the squares in its first {@code size} elements
   */
  public static float[] squares(float[] x, int size, float[] scratch) {
    float[] y = scratch.length >= size ? scratch : new float[size];
    for (int i = 0; i < size; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }
}
