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
 * <p>OpenBLAS keeps one process-wide thread count; every product sets it to this kernel's count
 * (when another kernel changed it) under one lock, which every bundled kernel shares, so kernels
 * with different counts can be mixed. Results are reproducible for one library, machine and
 * thread count, and differ from the pure-Java kernels' in the last bits. The elementwise passes
 * of a step ({@link #forEachChunk}) run on the threads of {@code MatMulKernel.parallel(threads)}.
 */
final class BundledOpenBlasMatMulKernel implements MatMulKernel {
  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;
  private static final Object LOCK = new Object();

  /** The OpenBLAS thread count last set by any bundled kernel; guarded by {@link #LOCK}. */
  private static int threadsSet = -1;

  private final int threads;
  private final MatMulKernel javaThreads;
  /** Native copies of the operands and the result; guarded by {@link #LOCK}. */
  private final NativeBlock a = new NativeBlock();
  private final NativeBlock b = new NativeBlock();
  private final NativeBlock c = new NativeBlock();

  BundledOpenBlasMatMulKernel(int threads) {
    this.threads = threads;
    this.javaThreads = MatMulKernel.parallel(threads);
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
    synchronized (LOCK) {
      if (threadsSet != threads) {
        openblas_nolapack.blas_set_num_threads(threads);
        threadsSet = threads;
      }
      FloatPointer nativeA = this.a.copyOf(a, m * k, square);
      FloatPointer nativeB = this.b.copyOf(b, k * n, square);
      FloatPointer nativeC = this.c.ofSize(m * n);
      openblas_nolapack.cblas_sgemm(ROW_MAJOR, transposeA ? TRANS : NO_TRANS, transposeB ? TRANS : NO_TRANS, m, n, k, 1f,
          nativeA, transposeA ? m : k, nativeB, transposeB ? k : n, 0f, nativeC, n);
      nativeC.get(c, 0, m * n);
    }
  }

  /** A block of native floats, grown on demand and never shrunk; contents are not kept. */
  private static final class NativeBlock {
    private FloatPointer pointer = new FloatPointer(0L);
    private FloatBuffer view = pointer.asBuffer();

    /** At least {@code size} floats. */
    FloatPointer ofSize(int size) {
      if (pointer.capacity() < size) {
        pointer.close();
        pointer = new FloatPointer((long) size);
        view = pointer.asBuffer();
      }
      return pointer;
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
