package dev.sngrad.autodiff.linalg;

/**
 * How the native kernels that run OpenBLAS single-threaded split a product {@code C = op(A) op(B)}
 * ({@code m x n}, inner dimension {@code k}) into one band per thread: by rows of {@code C} when it
 * has at least as many rows as columns, else by columns, band {@code t} of {@code T} covering
 * {@code [extent t / T, extent (t + 1) / T)}. Every band calls {@code cblas_sgemm} once and OpenBLAS
 * packs all of the operand that every band reads; splitting the longer side keeps that shared
 * operand the smaller one (a convolution's {@code 32 x 9216 x 27} product is split by columns,
 * and each band packs {@code A}'s 864 values and half of {@code B}'s 248,832).
 *
 * <p>The split depends only on the sizes and the thread count, and the kernels that use it
 * (sngrad-openblas's, with arrays copied or in place) pass OpenBLAS the same sizes, leading
 * dimensions and offsets for the same band, so one library gives the same bits through either.
 * Public for kernels that live in other modules.
 */
public final class NativeBands {
  private NativeBands() {}

  /**
   * True when a product of {@code m x n x k} multiply-adds is worth splitting over {@code threads}
   * threads (the pure-Java kernels' threshold).
   *
   * @param threads the kernel's thread count
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   * @return whether to split, false on one thread
   */
  public static boolean worthSplitting(int threads, int m, int n, int k) {
    return threads > 1 && (long) m * n * k >= KernelThreads.PARALLEL_THRESHOLD;
  }

  /**
   * True when the bands are rows of {@code C}, false when they are columns.
   *
   * @param m rows of the result
   * @param n columns of the result
   * @return {@code m >= n}
   */
  public static boolean byRows(int m, int n) {
    return m >= n;
  }

  /**
   * The first row or column of band {@code band}; band {@code band} ends where band {@code band +
   * 1} starts.
   *
   * @param extent the rows or columns being split
   * @param band the band, in {@code [0, bands]}
   * @param bands the number of bands, the thread count
   * @return {@code extent band / bands}, rounded down
   */
  public static int start(int extent, int band, int bands) {
    return (int) ((long) extent * band / bands);
  }
}
