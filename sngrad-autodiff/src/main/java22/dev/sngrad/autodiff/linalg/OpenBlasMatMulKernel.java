package dev.sngrad.autodiff.linalg;

/**
 * Matrix products by a system OpenBLAS {@code cblas_sgemm}, called through the Foreign Function
 * and Memory API of JDK 22+ ({@link OpenBlasLibrary}; this class is compiled only by a JDK 22 or
 * newer, and {@link NativeBlas} loads it reflectively). The arrays are passed in place, so no call
 * copies its operands, and OpenBLAS splits each product over its own threads, as many as the
 * {@link WorkerThreads} of the call count (the Java threads themselves are not used).
 *
 * <p>OpenBLAS keeps one process-wide thread count; every call sets it to its threads' count (when
 * a call with another count changed it) under one lock, so callers with different counts can be
 * mixed. A
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

  /** Scratch for {@link #multiplySquares}; guarded by {@link #LOCK}. */
  private float[] squaresOfA = new float[0];

  /** Scratch for {@link #multiplySquares}; guarded by {@link #LOCK}. */
  private float[] squaresOfB = new float[0];

  private OpenBlasMatMulKernel() {}

  /** Called by {@link NativeBlas} through reflection; throws when OpenBLAS cannot be loaded. */
  static MatMulKernel open() {
    return new OpenBlasMatMulKernel();
  }

  static String library() {
    return LIBRARY.name();
  }

  @Override
  public void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    if (KernelArguments.checkNeedsProduct(a, b, c, m, n, k)) {
      synchronized (LOCK) {
        gemm(threads.count(), a, transposeA, b, transposeB, c, m, n, k);
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
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    if (KernelArguments.checkNeedsProduct(a, b, c, m, n, k)) {
      synchronized (LOCK) {
        squaresOfA = KernelArguments.squares(a, m * k, squaresOfA);
        squaresOfB = KernelArguments.squares(b, k * n, squaresOfB);
        gemm(threads.count(), squaresOfA, transposeA, squaresOfB, transposeB, c, m, n, k);
      }
    }
  }

  /** {@code cblas_sgemm} on {@code threads} OpenBLAS threads; the caller holds {@link #LOCK}. */
  private static void gemm(
      int threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    if (threadsSet != threads) {
      LIBRARY.setThreads(threads);
      threadsSet = threads;
    }
    LIBRARY.sgemm(a, transposeA, b, transposeB, c, m, n, k);
  }

  @Override
  public String toString() {
    return "openblas";
  }
}
