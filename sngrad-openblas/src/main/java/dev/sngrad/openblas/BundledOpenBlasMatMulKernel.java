package dev.sngrad.openblas;

import dev.sngrad.autodiff.linalg.KernelArguments;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBands;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products by the bundled OpenBLAS's {@code cblas_sgemm} (see {@link BundledOpenBlas}),
 * called through JavaCPP's JNI binding with the operands copied into native memory: the fallback
 * where neither the Foreign Function and Memory API (JDK 22+) nor the pinning JNI binding ({@link
 * PinnedSgemm}) can pass Java arrays in place.
 *
 * <p>JNI cannot hand native code a Java array without either copying it or pinning it in a
 * critical region, which JavaCPP's array overloads do not use: they copy every array in and every
 * array, the read-only operands too, back out. This kernel instead keeps blocks of native memory,
 * grown to the largest product seen, and copies what each call reads in and {@code C} out: an
 * {@code O(mk + kn + mn)} pass against the product's {@code O(mnk)} arithmetic. {@link
 * #multiplySquares} squares while copying, so it costs no more copying than {@link #multiply}.
 *
 * <p>Threads: OpenBLAS itself runs single-threaded ({@link BundledOpenBlas} sets its thread count
 * to 1), and this kernel splits a product into bands of rows or of columns of {@code C} as {@link
 * NativeBands} says, one per thread of the call's {@link WorkerThreads}, each band one {@code
 * cblas_sgemm} call on its thread. Each band copies its own part of the operand being split and of {@code
 * C}, and its own copy of the operand that every band reads whole, so the copies run in parallel
 * too. OpenBLAS's own threads measured 2-50 x slower at the MLP's products on this shared two-core
 * machine (docs/benchmarks.md): they spin between products and wait for one another whenever the
 * scheduler preempts one, where the Java threads block. The copies keep the arrays'
 * layouts, so every call gets the sizes, leading dimensions and offsets that the kernel calling
 * the same library with the arrays in place (JDK 22+) passes, and the two give the same bits:
 * results are reproducible for one library and thread count, and differ from the pure-Java
 * kernels' in the last bits.
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
   * Native copies of the operands and the result in their arrays' layouts, each band writing its
   * own part; guarded by this kernel's monitor.
   */
  private final NativeBlock blockA = new NativeBlock();
  private final NativeBlock blockB = new NativeBlock();
  private final NativeBlock blockC = new NativeBlock();
  /**
   * Per band, its own copy of the operand that every band reads whole: {@code B} for bands of rows,
   * {@code A} for bands of columns; grown to the calls' largest thread count. Guarded by this
   * kernel's monitor.
   */
  private NativeBlock[] whole = new NativeBlock[0];
  /** The product being split; guarded by this kernel's monitor. */
  private final Bands bands = new Bands();
  /**
   * Native copies of the squares' operands and product for {@link #multiplyAndSquares}, whose two
   * products run at once (the product's copies use {@link #blockA}, {@link #blockB}, {@link
   * #blockC}); guarded by this kernel's monitor.
   */
  private final NativeBlock squaresA = new NativeBlock();
  private final NativeBlock squaresB = new NativeBlock();
  private final NativeBlock squaresC = new NativeBlock();
  /** The two products of {@link #multiplyAndSquares}; guarded by this kernel's monitor. */
  private final Pair pair = new Pair();

  BundledOpenBlasMatMulKernel() {}

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
      // grown here, before any band runs: the bands only write into them
      FloatPointer nativeA = blockA.ofSize(m * k, count);
      FloatPointer nativeB = blockB.ofSize(k * n, count);
      FloatPointer nativeC = blockC.ofSize(m * n, count);
      if (!NativeBands.worthSplitting(count, m, n, k)) {
        NativeBlock.copy(a, 0, m * k, square, blockA.buffer(0));
        NativeBlock.copy(b, 0, k * n, square, blockB.buffer(0));
        gemm(transposeA, transposeB, m, n, k, nativeA.position(0), transposeA ? m : k, nativeB.position(0),
            transposeB ? k : n, nativeC.position(0), n);
        blockC.buffer(0).get(0, c, 0, m * n);
        return;
      }
      boolean byRows = NativeBands.byRows(m, n);
      int wholeSize = byRows ? k * n : m * k;
      if (whole.length < count) {
        int had = whole.length;
        whole = Arrays.copyOf(whole, count);
        for (int band = had; band < count; band++) {
          whole[band] = new NativeBlock();
        }
      }
      for (int band = 0; band < count; band++) {
        whole[band].ofSize(wholeSize, 1);
      }
      bands.runBands(threads, a, transposeA, b, transposeB, c, m, n, k, square);
    }
  }

  /**
   * On two or more threads, the two products side by side, each whole on its own thread with its
   * own native copies, as the in-place kernel runs them: one hand-off instead of two, and the
   * operand that every band of a split product copies whole is copied once. Each result is that
   * of {@code multiply} or {@code multiplySquares} on {@link WorkerThreads#callingThread()}, as in
   * place, so JDK 17-21 and JDK 22+ agree; on some processors it differs in the last bits from the
   * same product split into bands, whose edges OpenBLAS may sum in another order. On one thread
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
      // grown here, before the pair runs: each side only writes into its own blocks
      blockA.ofSize(m * k, 1);
      blockB.ofSize(k * n, 1);
      blockC.ofSize(m * n, 1);
      squaresA.ofSize(m * k, 1);
      squaresB.ofSize(k * n, 1);
      squaresC.ofSize(m * n, 1);
      pair.run(threads, a, transposeA, b, transposeB, c, cOfSquares, m, n, k);
    }
  }

  /** The two products of {@link #multiplyAndSquares}: 0 the product, 1 the squares' product. */
  private final class Pair extends NativeBands.Pair {
    @Override
    public void accept(int which) {
      boolean squares = which == 1;
      NativeBlock nativeA = squares ? squaresA : blockA;
      NativeBlock nativeB = squares ? squaresB : blockB;
      NativeBlock nativeC = squares ? squaresC : blockC;
      NativeBlock.copy(a, 0, m * k, squares, nativeA.buffer(0));
      NativeBlock.copy(b, 0, k * n, squares, nativeB.buffer(0));
      gemm(transposeA, transposeB, m, n, k, nativeA.view(0).position(0), transposeA ? m : k, nativeB.view(0).position(0),
          transposeB ? k : n, nativeC.view(0).position(0), n);
      nativeC.buffer(0).get(0, squares ? cOfSquares : c, 0, m * n);
    }
  }

  /**
   * The product being split and the work of one band: rows of {@code C} (its rows of {@code
   * op(A)}, all of {@code op(B)}) or columns (all of {@code op(A)}, its columns of {@code op(B)}).
   * A band copies its part of the split operand into the shared block, the whole other operand into
   * its own block, calls {@code cblas_sgemm}, and copies its part of {@code C} out. One object,
   * refilled per product, where a lambda capturing the arguments and two new views per band cost
   * objects per product.
   */
  private final class Bands extends NativeBands.Product {
    @Override
    public void accept(int band) {
      int lda = transposeA ? m : k;
      int ldb = transposeB ? k : n;
      NativeBlock own = whole[band];
      FloatBuffer cOut = blockC.buffer(band);
      if (byRows) {
        int r0 = NativeBands.start(m, band, bands);
        int r1 = NativeBands.start(m, band + 1, bands);
        if (r0 == r1) {
          return;
        }
        if (transposeA) { // a holds k x m: the band's rows of op(A) are columns r0..r1 of every row
          NativeBlock.copyColumns(a, k, m, r0, r1, square, blockA.buffer(band));
        } else {
          NativeBlock.copy(a, r0 * k, (r1 - r0) * k, square, blockA.buffer(band));
        }
        NativeBlock.copy(b, 0, k * n, square, own.buffer(0));
        gemm(transposeA, transposeB, r1 - r0, n, k, blockA.view(band).position(transposeA ? r0 : (long) r0 * k), lda,
            own.view(0).position(0), ldb, blockC.view(band).position((long) r0 * n), n);
        cOut.get(r0 * n, c, r0 * n, (r1 - r0) * n);
      } else {
        int c0 = NativeBands.start(n, band, bands);
        int c1 = NativeBands.start(n, band + 1, bands);
        if (c0 == c1) {
          return;
        }
        NativeBlock.copy(a, 0, m * k, square, own.buffer(0));
        if (transposeB) { // b holds n x k: the band's columns of op(B) are rows c0..c1
          NativeBlock.copy(b, c0 * k, (c1 - c0) * k, square, blockB.buffer(band));
        } else {
          NativeBlock.copyColumns(b, k, n, c0, c1, square, blockB.buffer(band));
        }
        gemm(transposeA, transposeB, m, c1 - c0, k, own.view(0).position(0), lda,
            blockB.view(band).position(transposeB ? (long) c0 * k : c0), ldb, blockC.view(band).position(c0), n);
        for (int row = 0; row < m; row++) {
          cOut.get(row * n + c0, c, row * n + c0, c1 - c0);
        }
      }
    }
  }

  /** {@code C = op(A) op(B)} by {@code cblas_sgemm}, row-major, with the leading dimensions given. */
  private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
      FloatPointer b, int ldb, FloatPointer c, int ldc) {
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, transposeA ? TRANS : NO_TRANS, transposeB ? TRANS : NO_TRANS, m, n, k, 1f,
        a, lda, b, ldb, 0f, c, ldc);
  }

  /**
   * A block of native floats, grown on demand and never shrunk; contents are not kept. Each band of
   * a split product reads and writes it through views of its own: a pointer whose position the band
   * sets, and a buffer for copies at absolute indices.
   */
  private static final class NativeBlock {
    private FloatPointer pointer = new FloatPointer(0L);
    private FloatPointer[] bandViews = new FloatPointer[0];
    private FloatBuffer[] bandBuffers = new FloatBuffer[0];

    /**
     * At least {@code size} floats, with views for at least {@code bands} bands; the views are made
     * again when either grows.
     */
    FloatPointer ofSize(int size, int bands) {
      boolean grown = false;
      if (pointer.capacity() < size) {
        pointer.close();
        pointer = new FloatPointer((long) size);
        grown = true;
      }
      if (bandViews.length < bands) {
        bandViews = new FloatPointer[bands];
        bandBuffers = new FloatBuffer[bands];
        grown = true;
      }
      if (grown) {
        makeBandViews();
      }
      return pointer;
    }

    /** Band {@code band}'s pointer into the block, at the position its last user left. */
    FloatPointer view(int band) {
      return bandViews[band];
    }

    /** Band {@code band}'s buffer over the whole block, for absolute reads and writes. */
    FloatBuffer buffer(int band) {
      return bandBuffers[band];
    }

    private void makeBandViews() {
      for (int band = 0; band < bandViews.length; band++) {
        bandViews[band] = new FloatPointer(pointer);
        bandBuffers[band] = pointer.position(0).asBuffer();
      }
    }

    /**
     * Copies {@code x[from, from + length)}, or its squares (rounded to float), to the same indices
     * of {@code to}.
     */
    static void copy(float[] x, int from, int length, boolean square, FloatBuffer to) {
      if (!square) {
        to.put(from, x, from, length);
        return;
      }
      for (int i = from; i < from + length; i++) {
        to.put(i, x[i] * x[i]);
      }
    }

    /**
     * Copies columns {@code [c0, c1)} of the {@code rows x ld} row-major matrix {@code x}, or their
     * squares, to the same indices of {@code to}.
     */
    static void copyColumns(float[] x, int rows, int ld, int c0, int c1, boolean square, FloatBuffer to) {
      for (int row = 0; row < rows; row++) {
        copy(x, row * ld + c0, c1 - c0, square, to);
      }
    }
  }

  @Override
  public String toString() {
    return "openblas-bundled";
  }
}
