package dev.sngrad.openblas;

import dev.sngrad.autodiff.linalg.KernelArguments;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products by the bundled OpenBLAS's {@code cblas_sgemm} (see {@link BundledOpenBlas}),
 * called through JavaCPP's JNI binding on any JDK.
 *
 * <p>JNI cannot hand native code a Java array without either copying it or pinning it in a
 * critical region, which JavaCPP's array overloads do not use: they copy every array in and every
 * array, the read-only operands too, back out. This kernel instead keeps three blocks of native
 * memory, grown to the largest product seen, copies {@code A} and {@code B} into them and {@code
 * C} out: an {@code O(mk + kn + mn)} pass against the product's {@code O(mnk)} arithmetic.
 * {@link #multiplySquares} squares while copying, so it costs no more copying than {@link
 * #multiply}.
 *
 * <p>Threads: OpenBLAS itself runs single-threaded ({@link BundledOpenBlas} sets its thread count
 * to 1), and this kernel splits a product into {@code threads} bands of rows of {@code C} (or of
 * columns, for fewer than {@code 2 x threads} rows), each one {@code cblas_sgemm} call on a thread
 * of {@code MatMulKernel.parallel(threads)}, whose pool also runs the elementwise passes of a
 * step ({@link #forEachChunk}). OpenBLAS's own threads measured 2-50 x slower at the MLP's
 * products on this shared two-core machine (docs/benchmarks.md): they spin between products and
 * wait for one another whenever the scheduler preempts one, where the Java pool's threads block.
 * The split depends only on the sizes and the thread count, so results are reproducible for one
 * library, machine and thread count; they differ from the pure-Java kernels' in the last bits.
 *
 * <p>A product allocates nothing: its bands read their arguments from one {@link Bands} object that
 * the kernel keeps (products run one at a time, under its monitor), and each band addresses the
 * native blocks through views of its own, created when a block grows.
 */
final class BundledOpenBlasMatMulKernel implements MatMulKernel {
  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;
  /**
   * Below this many multiply-adds a product runs in one call on the calling thread (the pure-Java
   * kernels' threshold).
   */
  private static final long PARALLEL_THRESHOLD = 1L << 18;

  private final int threads;
  private final MatMulKernel javaThreads;
  /** Native copies of the operands and the result; guarded by this kernel's monitor. */
  private final NativeBlock a;
  private final NativeBlock b;
  private final NativeBlock c;
  /** The product being split; guarded by this kernel's monitor. */
  private final Bands bands = new Bands();

  BundledOpenBlasMatMulKernel(int threads) {
    this.threads = threads;
    this.javaThreads = MatMulKernel.parallel(threads);
    this.a = new NativeBlock(threads);
    this.b = new NativeBlock(threads);
    this.c = new NativeBlock(threads);
  }

  @Override
  public void forEachChunk(int chunks, IntConsumer chunk) {
    javaThreads.forEachChunk(chunks, chunk);
  }

  @Override
  public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    multiply(a, transposeA, b, transposeB, c, m, n, k, false);
  }

  @Override
  public void multiplySquares(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    multiply(a, transposeA, b, transposeB, c, m, n, k, true);
  }

  private void multiply(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k, boolean square) {
    // Native code does not check bounds: a short array must fail here, not crash the JVM.
    KernelArguments.check(a, b, c, m, n, k);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Arrays.fill(c, 0, m * n, 0f);
      return;
    }
    synchronized (this) {
      FloatPointer nativeA = this.a.copyOf(a, m * k, square);
      FloatPointer nativeB = this.b.copyOf(b, k * n, square);
      FloatPointer nativeC = this.c.ofSize(m * n);
      if (threads == 1 || (long) m * n * k < PARALLEL_THRESHOLD) {
        gemm(transposeA, transposeB, m, n, k, nativeA, nativeB, nativeC);
        nativeC.position(0).get(c, 0, m * n);
      } else {
        boolean byRows = m >= 2 * threads;
        bands.set(transposeA, transposeB, c, m, n, k, byRows);
        try {
          javaThreads.forEachChunk(threads, bands);
        } finally {
          bands.clear();
        }
        if (!byRows) {
          nativeC.position(0).get(c, 0, m * n);
        }
      }
    }
  }

  /**
   * The product being split, in the native blocks, and the work of one band of it: a band of rows
   * of {@code C} (rows of {@code op(A)}, all of {@code op(B)}; the band copies its own rows of
   * {@code C} out) or, for fewer than {@code 2 x threads} rows, of columns (all of {@code op(A)},
   * columns of {@code op(B)}). One object, refilled per product, where a lambda capturing the
   * arguments and two new views per band cost objects per product.
   */
  private final class Bands implements IntConsumer {
    private boolean transposeA;
    private boolean transposeB;
    private float[] result;
    private int m;
    private int n;
    private int k;
    private boolean byRows;

    void set(boolean transposeA, boolean transposeB, float[] c, int m, int n, int k, boolean byRows) {
      this.transposeA = transposeA;
      this.transposeB = transposeB;
      this.result = c;
      this.m = m;
      this.n = n;
      this.k = k;
      this.byRows = byRows;
    }

    /** Drops the caller's result array. */
    void clear() {
      result = null;
    }

    @Override
    public void accept(int band) {
      int lda = transposeA ? m : k;
      int ldb = transposeB ? k : n;
      if (byRows) {
        int r0 = (int) ((long) m * band / threads);
        int r1 = (int) ((long) m * (band + 1) / threads);
        FloatPointer bandA = a.view(band).position(transposeA ? r0 : (long) r0 * k);
        FloatPointer bandC = c.view(band).position((long) r0 * n);
        gemm(transposeA, transposeB, r1 - r0, n, k, bandA, lda, b.view(band).position(0), ldb, bandC, n);
        bandC.get(result, r0 * n, (r1 - r0) * n);
      } else {
        int c0 = (int) ((long) n * band / threads);
        int c1 = (int) ((long) n * (band + 1) / threads);
        FloatPointer bandB = b.view(band).position(transposeB ? (long) c0 * k : c0);
        FloatPointer bandC = c.view(band).position(c0);
        gemm(transposeA, transposeB, m, c1 - c0, k, a.view(band).position(0), lda, bandB, ldb, bandC, n);
      }
    }
  }

  private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, FloatPointer b,
      FloatPointer c) {
    gemm(transposeA, transposeB, m, n, k, a, transposeA ? m : k, b, transposeB ? k : n, c, n);
  }

  /** {@code C = op(A) op(B)} by {@code cblas_sgemm}, row-major, with the leading dimensions given. */
  private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
      FloatPointer b, int ldb, FloatPointer c, int ldc) {
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, transposeA ? TRANS : NO_TRANS, transposeB ? TRANS : NO_TRANS, m, n, k, 1f,
        a, lda, b, ldb, 0f, c, ldc);
  }

  /**
   * A block of native floats, grown on demand and never shrunk; contents are not kept. Each band of
   * a split product reads it through a view of its own, whose position the band sets.
   */
  private static final class NativeBlock {
    private FloatPointer pointer = new FloatPointer(0L);
    private FloatBuffer view = pointer.asBuffer();
    private final FloatPointer[] bandViews;

    NativeBlock(int bands) {
      bandViews = new FloatPointer[bands];
      makeBandViews();
    }

    /** At least {@code size} floats. */
    FloatPointer ofSize(int size) {
      if (pointer.capacity() < size) {
        pointer.close();
        pointer = new FloatPointer((long) size);
        view = pointer.asBuffer();
        makeBandViews();
      }
      return pointer;
    }

    /** Band {@code band}'s view of the block, at the position its last user left. */
    FloatPointer view(int band) {
      return bandViews[band];
    }

    private void makeBandViews() {
      for (int band = 0; band < bandViews.length; band++) {
        bandViews[band] = new FloatPointer(pointer);
      }
    }

    /** The first {@code size} values of {@code x}, or their squares (rounded to float). */
    FloatPointer copyOf(float[] x, int size, boolean square) {
      FloatPointer p = ofSize(size);
      if (!square) {
        p.position(0).put(x, 0, size);
        return p;
      }
      FloatBuffer v = view;
      for (int i = 0; i < size; i++) {
        v.put(i, x[i] * x[i]);
      }
      return p;
    }
  }

  @Override
  public String toString() {
    return "openblas-bundled(" + threads + " threads)";
  }
}
