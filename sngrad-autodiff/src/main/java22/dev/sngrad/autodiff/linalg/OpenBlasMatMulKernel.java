package dev.sngrad.autodiff.linalg;

import java.util.function.IntConsumer;

/**
 * Matrix products by a system OpenBLAS {@code cblas_sgemm}, called through the Foreign Function
 * and Memory API of JDK 22+ ({@link OpenBlasLibrary}; this class is compiled only by a JDK 22 or
 * newer, and {@link NativeBlas} loads it reflectively). The arrays are passed in place, so no call
 * copies its operands, and OpenBLAS splits each product over its own threads.
 *
 * <p>OpenBLAS keeps one process-wide thread count; every call sets it to this kernel's count (when
 * another kernel changed it) under one lock, so kernels with different counts can be mixed. A
 * product's results depend on OpenBLAS's blocking, which may change with the thread count and the
 * OpenBLAS build: they are reproducible for one library and thread count, not bit-identical to
 * the pure-Java kernels.
 */
final class OpenBlasMatMulKernel implements MatMulKernel {
  private static final Object LOCK = new Object();

  /** The system library, loaded with the class: a failure makes the class unusable, as NativeBlas expects. */
  private static final OpenBlasLibrary LIBRARY = OpenBlasLibrary.load(candidates());

  /** The OpenBLAS thread count last set by any kernel; guarded by {@link #LOCK}. */
  private static int threadsSet = -1;

  private static String[] candidates() {
    String configured = System.getProperty(NativeBlas.LIBRARY_PROPERTY);
    return configured != null
        ? new String[] {configured}
        : new String[] {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "openblas"};
  }

  private final int threads;
  private final KernelThreads javaThreads;

  /** Scratch for {@link #multiplySquares}; guarded by {@link #LOCK}. */
  private float[] squaresOfA = new float[0];

  /** Scratch for {@link #multiplySquares}; guarded by {@link #LOCK}. */
  private float[] squaresOfB = new float[0];

  private OpenBlasMatMulKernel(int threads) {
    this.threads = threads;
    this.javaThreads = new KernelThreads(threads);
  }

  /** Called by {@link NativeBlas} through reflection; throws when OpenBLAS cannot be loaded. */
  static MatMulKernel open(int threads) {
    return new OpenBlasMatMulKernel(threads);
  }

  static String library() {
    return LIBRARY.name();
  }

  /** Elementwise passes run on this kernel's own Java threads, as with the pure-Java kernels. */
  @Override
  public void forEachChunk(int chunks, IntConsumer chunk) {
    javaThreads.forEachChunk(chunks, chunk);
  }

  @Override
  public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    if (KernelArguments.checkNeedsProduct(a, b, c, m, n, k)) {
      synchronized (LOCK) {
        gemm(a, transposeA, b, transposeB, c, m, n, k);
      }
    }
  }

  /**
   * Squares into two scratch arrays that this kernel keeps (grown on demand, used under the lock)
   * rather than into fresh copies: at the MLP's sizes those copies were megabytes of allocation per
   * training step.
   */
  @Override
  public void multiplySquares(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    if (KernelArguments.checkNeedsProduct(a, b, c, m, n, k)) {
      synchronized (LOCK) {
        squaresOfA = KernelArguments.squares(a, m * k, squaresOfA);
        squaresOfB = KernelArguments.squares(b, k * n, squaresOfB);
        gemm(squaresOfA, transposeA, squaresOfB, transposeB, c, m, n, k);
      }
    }
  }

  /** {@code cblas_sgemm} on this kernel's thread count; the caller holds {@link #LOCK}. */
  private void gemm(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    if (threadsSet != threads) {
      LIBRARY.setThreads(threads);
      threadsSet = threads;
    }
    LIBRARY.sgemm(a, transposeA, b, transposeB, c, m, n, k);
  }

  @Override
  public String toString() {
    return "openblas(" + threads + " threads)";
  }
}
