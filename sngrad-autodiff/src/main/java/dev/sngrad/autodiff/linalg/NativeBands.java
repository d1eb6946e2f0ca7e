package dev.sngrad.autodiff.linalg;

import java.util.Objects;
import java.util.function.IntConsumer;

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
 * (sngrad-openblas's with the arrays copied, and {@link #inPlaceKernel}'s with them in place) pass
 * OpenBLAS the same sizes, leading dimensions and offsets for the same band, so one library gives
 * the same bits through any of them.
 * Public for kernels that live in other modules.
 */
public final class NativeBands {
  private NativeBands() {}

  /**
   * A kernel that calls {@code sgemm} with the arrays in place and splits each product into bands
   * on the {@link WorkerThreads} of the call as this class says; {@code multiplySquares} squares
   * into arrays that the kernel keeps, and {@code multiplyAndSquares} runs its two products side
   * by side as a {@link Pair}. For a library that is loaded and runs single-threaded: the kernel
   * never changes its thread count. Each call makes a new kernel.
   *
   * @param sgemm the library's product
   * @param name what the kernel's {@code toString} says
   * @return the kernel
   */
  public static MatMulKernel inPlaceKernel(InPlaceSgemm sgemm, String name) {
    return new BandedOpenBlasMatMulKernel(Objects.requireNonNull(sgemm, "sgemm"), Objects.requireNonNull(name, "name"));
  }

  /**
   * True when a product of {@code m x n x k} multiply-adds is worth splitting over {@code threads}
   * threads (the pure-Java kernels' threshold).
   *
   * @param threads the thread count of the call
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   * @return whether to split, false on one thread
   */
  public static boolean worthSplitting(int threads, int m, int n, int k) {
    return threads > 1 && (long) m * n * k >= WorkerThreads.PARALLEL_THRESHOLD;
  }

  /**
   * True when a native kernel's {@code multiplyAndSquares} should run as a {@link Pair} on {@code
   * threads}: when the product is {@linkplain #worthSplitting worth splitting}. The arguments are
   * then checked here, since native code does not check bounds (and no size is 0); otherwise the
   * kernel's one-thread default checks them.
   *
   * @param threads the call's threads
   * @param a {@code op(A)}'s array
   * @param b {@code op(B)}'s array
   * @param c the product's result array
   * @param cOfSquares the squares' product's result array
   * @param m rows of the results
   * @param n columns of the results
   * @param k the inner dimension
   * @return whether to run the pair, false on one thread
   * @throws IllegalArgumentException if an array is too short for the sizes
   */
  public static boolean pairs(WorkerThreads threads, float[] a, float[] b, float[] c, float[] cOfSquares, int m, int n,
      int k) {
    if (!worthSplitting(threads.count(), m, n, k)) {
      return false;
    }
    KernelArguments.check(a, b, c, m, n, k);
    KernelArguments.check(a, b, cOfSquares, m, n, k);
    return true;
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

  /**
   * A product being split into bands, as a native kernel keeps it: its arguments, read by every
   * band, and the work of band {@code t} in {@code accept(t)}, run by {@link #runBands}. A kernel
   * keeps one and refills it per product under its monitor, where a lambda capturing the arguments
   * cost an object per product (and a convolution issues one per example).
   */
  public abstract static class Product implements IntConsumer {
    /** {@code A}, or {@code A}'s transpose when {@link #transposeA}; not modified. */
    protected float[] a;
    /** Whether {@link #a} holds the transpose of {@code op(A)}. */
    protected boolean transposeA;
    /** {@code B}, or {@code B}'s transpose when {@link #transposeB}; not modified. */
    protected float[] b;
    /** Whether {@link #b} holds the transpose of {@code op(B)}. */
    protected boolean transposeB;
    /** The caller's result array. */
    protected float[] c;
    /** Rows of the result. */
    protected int m;
    /** Columns of the result. */
    protected int n;
    /** The inner dimension. */
    protected int k;
    /** Whether the product is of the operands' squares ({@code multiplySquares}). */
    protected boolean square;
    /** Whether the bands are rows of {@code C} ({@link NativeBands#byRows}), else columns. */
    protected boolean byRows;
    /** The number of bands, the thread count of the call. */
    protected int bands;

    /** For subclasses. */
    protected Product() {}

    /**
     * Runs the product's bands, one per thread of {@code threads}, split as {@link
     * NativeBands#byRows} says, and drops the arrays afterwards; the caller holds the kernel's
     * monitor and has grown its buffers.
     *
     * @param threads the call's threads, one band each
     * @param a {@code op(A)}'s array
     * @param transposeA whether {@code a} holds its transpose
     * @param b {@code op(B)}'s array
     * @param transposeB whether {@code b} holds its transpose
     * @param c the result's array
     * @param m rows of the result
     * @param n columns of the result
     * @param k the inner dimension
     * @param square whether to multiply the operands' squares
     */
    public final void runBands(WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB,
        float[] c, int m, int n, int k, boolean square) {
      int count = threads.count();
      set(a, transposeA, b, transposeB, c, m, n, k, square, count);
      try {
        threads.forEachChunk(count, this);
      } finally {
        clear();
      }
    }

    /**
     * Takes a product's arguments, and splits it as {@link NativeBands#byRows} says.
     *
     * @param a {@code op(A)}'s array
     * @param transposeA whether {@code a} holds its transpose
     * @param b {@code op(B)}'s array
     * @param transposeB whether {@code b} holds its transpose
     * @param c the result's array
     * @param m rows of the result
     * @param n columns of the result
     * @param k the inner dimension
     * @param square whether to multiply the operands' squares
     * @param bands the number of bands, the thread count of the call
     */
    final void set(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k,
        boolean square, int bands) {
      this.a = a;
      this.transposeA = transposeA;
      this.b = b;
      this.transposeB = transposeB;
      this.c = c;
      this.m = m;
      this.n = n;
      this.k = k;
      this.square = square;
      this.byRows = byRows(m, n);
      this.bands = bands;
    }

    /** Drops the caller's arrays, so that they do not stay reachable between products. */
    final void clear() {
      a = null;
      b = null;
      c = null;
    }
  }

  /**
   * A native kernel's {@code multiplyAndSquares} side by side: {@link #accept} with 0 computes
   * {@code C = op(A) op(B)} whole, with 1 the squares' product into {@link #cOfSquares}, each on its
   * own thread. One object per kernel, refilled per call under the kernel's monitor.
   */
  public abstract static class Pair extends Product {
    /** The squares' product's result array, during {@link #run}. */
    protected float[] cOfSquares;

    /** For subclasses. */
    protected Pair() {}

    /**
     * Runs both products on two of {@code threads} (the product on the calling thread) and drops
     * the arrays afterwards; the caller holds the kernel's monitor and has grown its buffers.
     *
     * @param threads the call's threads, at least two
     * @param a {@code op(A)}'s array
     * @param transposeA whether {@code a} holds its transpose
     * @param b {@code op(B)}'s array
     * @param transposeB whether {@code b} holds its transpose
     * @param c the product's result array
     * @param cOfSquares the squares' product's result array
     * @param m rows of the results
     * @param n columns of the results
     * @param k the inner dimension
     */
    public final void run(WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB,
        float[] c, float[] cOfSquares, int m, int n, int k) {
      set(a, transposeA, b, transposeB, c, m, n, k, false, 2);
      this.cOfSquares = cOfSquares;
      try {
        threads.forEachChunk(2, this);
      } finally {
        clear();
        this.cOfSquares = null;
      }
    }
  }
}
