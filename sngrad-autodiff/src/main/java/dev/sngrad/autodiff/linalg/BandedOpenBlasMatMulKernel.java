package dev.sngrad.autodiff.linalg;

import java.util.Arrays;

/**
 * Matrix products by the {@code cblas_sgemm} of an OpenBLAS that runs single-threaded (such as
 * the one bundled by sngrad-openblas, which sets its thread count to 1 when it loads it), called
 * with the arrays in place through an {@link InPlaceSgemm}: the Foreign Function and Memory API
 * on JDK 22+ ({@link ForeignKernels#inPlaceKernel}), or a JNI binding that pins the arrays
 * (sngrad-openblas). Made by {@link NativeBands#inPlaceKernel}.
 *
 * <p>A product worth splitting runs as one {@code cblas_sgemm} per band on the {@link
 * WorkerThreads} of the call, split as {@link NativeBands} says; each band passes OpenBLAS slices of the caller's
 * arrays. {@link #multiplySquares} squares into arrays that the kernel keeps, in the operands'
 * layouts: each band its part of the operand being split, and all of the other into an array of
 * its own, so the squaring runs in parallel too. Results are reproducible for one library and
 * thread count, and equal bit for bit to those of a kernel that copies the operands (or their
 * squares) into native memory in the same layouts and calls the same library with the same
 * bands. OpenBLAS's own threads are not used: on a shared machine they spin between
 * products and wait for one another whenever the scheduler preempts one, where these threads
 * block (docs/benchmarks.md).
 *
 * <p>Allocation: the bands read their arguments from one object that the kernel keeps (products
 * run one at a time, under its monitor). Through the Foreign Function and Memory API each {@code
 * cblas_sgemm} call makes three heap segments that do not outlive it (JDK 22+'s {@code
 * OpenBlasLibrary.sgemm}); C2's escape analysis removes those where it inlines the whole downcall
 * into that method, which some JVM runs do and others not: a product then allocates about 670
 * bytes, whatever its sizes.
 */
final class BandedOpenBlasMatMulKernel implements MatMulKernel {
  private final InPlaceSgemm library;
  private final String name;

  /** The product being split; guarded by this kernel's monitor. */
  private final Bands bands = new Bands();

  /** The two products of {@link #multiplyAndSquares}; guarded by this kernel's monitor. */
  private final Pair pair = new Pair();

  /**
   * Squares of {@code A} and {@code B} for {@link #multiplySquares} in their arrays' layouts (of
   * the operand being split, each band writes its part); guarded by this kernel's monitor.
   */
  private float[] squaresOfA = new float[0];
  private float[] squaresOfB = new float[0];

  /**
   * Per band, the squares of the operand that every band reads whole ({@code B} for bands of rows,
   * {@code A} for bands of columns), grown to the calls' largest thread count; guarded by this
   * kernel's monitor.
   */
  private float[][] wholeSquares = new float[1][0];

  BandedOpenBlasMatMulKernel(InPlaceSgemm library, String name) {
    this.library = library;
    this.name = name;
  }

  @Override
  public void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, a, transposeA, b, transposeB, c, m, n, k, false);
  }

  @Override
  public void multiplySquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, a, transposeA, b, transposeB, c, m, n, k, true);
  }

  private void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k, boolean square) {
    if (!KernelArguments.checkNeedsProduct(a, b, c, m, n, k)) {
      return;
    }
    int count = threads.count();
    synchronized (this) {
      if (!NativeBands.worthSplitting(count, m, n, k)) {
        if (square) {
          squaresOfA = KernelArguments.squares(a, m * k, squaresOfA);
          squaresOfB = KernelArguments.squares(b, k * n, squaresOfB);
          library.sgemm(squaresOfA, transposeA, squaresOfB, transposeB, c, m, n, k);
        } else {
          library.sgemm(a, transposeA, b, transposeB, c, m, n, k);
        }
        return;
      }
      boolean byRows = NativeBands.byRows(m, n);
      if (square) { // grown here, before any band runs: the bands only write into them
        if (byRows) {
          squaresOfA = atLeast(squaresOfA, m * k);
        } else {
          squaresOfB = atLeast(squaresOfB, k * n);
        }
        if (wholeSquares.length < count) {
          wholeSquares = Arrays.copyOf(wholeSquares, count); // the new entries are null until grown below
        }
        for (int band = 0; band < count; band++) {
          wholeSquares[band] = atLeast(wholeSquares[band], byRows ? k * n : m * k);
        }
      }
      bands.runBands(threads, a, transposeA, b, transposeB, c, m, n, k, square);
    }
  }

  /**
   * On two or more threads, the two products side by side, each whole on its own thread (the
   * product on the calling thread, the squares' on the first worker), instead of each split into
   * bands in turn: one hand-off instead of two, and each {@code cblas_sgemm} packs its operands
   * once rather than once per band. Each result is then that of a call on one thread ({@code
   * multiply} or {@code multiplySquares} on {@link WorkerThreads#callingThread()}); on one thread
   * this is those two calls.
   */
  @Override
  public void multiplyAndSquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c,
      float[] cOfSquares, int m, int n, int k) {
    if (!NativeBands.pairs(threads, a, b, c, cOfSquares, m, n, k)) { // false on one thread
      MatMulKernel.super.multiplyAndSquares(WorkerThreads.callingThread(), a, transposeA, b, transposeB, c, cOfSquares,
          m, n, k);
      return;
    }
    synchronized (this) {
      squaresOfA = atLeast(squaresOfA, m * k); // grown before the pair runs: the second thread only writes
      squaresOfB = atLeast(squaresOfB, k * n);
      pair.run(threads, a, transposeA, b, transposeB, c, cOfSquares, m, n, k);
    }
  }

  /** The two products of {@link #multiplyAndSquares}: 0 the product, 1 the squares' product. */
  private final class Pair extends NativeBands.Pair {
    @Override
    public void accept(int which) {
      if (which == 0) {
        library.sgemm(a, transposeA, b, transposeB, c, m, n, k);
      } else {
        squareRange(a, 0, m * k, squaresOfA);
        squareRange(b, 0, k * n, squaresOfB);
        library.sgemm(squaresOfA, transposeA, squaresOfB, transposeB, cOfSquares, m, n, k);
      }
    }
  }

  private static float[] atLeast(float[] array, int size) {
    return array != null && array.length >= size ? array : new float[size];
  }

  /**
   * The product being split and the work of one band: rows of {@code C} (its rows of {@code
   * op(A)}, all of {@code op(B)}) or columns (all of {@code op(A)}, its columns of {@code op(B)}),
   * each operand with its whole array's leading dimension. One object, refilled per product.
   */
  private final class Bands extends NativeBands.Product {
    @Override
    public void accept(int band) {
      int lda = transposeA ? m : k;
      int ldb = transposeB ? k : n;
      float[] x = a;
      float[] y = b;
      if (byRows) {
        int r0 = NativeBands.start(m, band, bands);
        int r1 = NativeBands.start(m, band + 1, bands);
        if (r0 == r1) {
          return;
        }
        if (square) {
          if (transposeA) { // a holds k x m: the band's rows of op(A) are columns r0..r1 of every row
            squareColumns(a, k, m, r0, r1, squaresOfA);
          } else {
            squareRange(a, r0 * k, (r1 - r0) * k, squaresOfA);
          }
          squareRange(b, 0, k * n, wholeSquares[band]);
          x = squaresOfA;
          y = wholeSquares[band];
        }
        library.sgemm(transposeA, transposeB, r1 - r0, n, k, x, transposeA ? r0 : r0 * k, lda, y, 0, ldb,
            c, r0 * n, n);
      } else {
        int c0 = NativeBands.start(n, band, bands);
        int c1 = NativeBands.start(n, band + 1, bands);
        if (c0 == c1) {
          return;
        }
        if (square) {
          squareRange(a, 0, m * k, wholeSquares[band]);
          if (transposeB) { // b holds n x k: the band's columns of op(B) are rows c0..c1
            squareRange(b, c0 * k, (c1 - c0) * k, squaresOfB);
          } else {
            squareColumns(b, k, n, c0, c1, squaresOfB);
          }
          x = wholeSquares[band];
          y = squaresOfB;
        }
        library.sgemm(transposeA, transposeB, m, c1 - c0, k, x, 0, lda, y, transposeB ? c0 * k : c0, ldb,
            c, c0, n);
      }
    }
  }

  /** Squares of {@code x[from, from + length)}, rounded to float, into the same indices of {@code to}. */
  private static void squareRange(float[] x, int from, int length, float[] to) {
    for (int i = from; i < from + length; i++) {
      to[i] = x[i] * x[i];
    }
  }

  /** Squares of columns {@code [c0, c1)} of the {@code rows x ld} matrix {@code x}, into the same indices of {@code to}. */
  private static void squareColumns(float[] x, int rows, int ld, int c0, int c1, float[] to) {
    for (int row = 0; row < rows; row++) {
      squareRange(x, row * ld + c0, c1 - c0, to);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
