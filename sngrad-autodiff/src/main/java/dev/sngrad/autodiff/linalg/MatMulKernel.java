package dev.sngrad.autodiff.linalg;

/**
 * The one seam through which every matrix product in sngrad flows, so that a faster backend can
 * replace the default without touching any op.
 *
 * <p>Computes {@code C = op(A) * op(B)}, overwriting {@code c}, where {@code op(A)} is {@code m x
 * k}, {@code op(B)} is {@code k x n} and {@code C} is {@code m x n}, all row-major and dense.
 * {@code op(X)} is {@code X} or its transpose: when {@code transposeA} is set, {@code a} holds a
 * {@code k x m} matrix. Implementations must be stateless or thread-safe; {@code a} and {@code b}
 * are not modified.
 */
public interface MatMulKernel {
  void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k);

  /** The default kernel: pure Java, single-threaded, available on every JVM. */
  static MatMulKernel defaultKernel() {
    return Holder.SINGLE_THREADED;
  }

  /**
   * A pure-Java kernel on {@code threads} threads of its own (daemon threads, kept for the life
   * of the kernel: create one per application, not per call). Results are bit-identical for every
   * thread count.
   */
  static MatMulKernel parallel(int threads) {
    return threads == 1 ? defaultKernel() : new BlockedMatMulKernel(threads);
  }

  /** Lazily created shared instance. */
  final class Holder {
    private static final MatMulKernel SINGLE_THREADED = new BlockedMatMulKernel(1);

    private Holder() {}
  }
}
