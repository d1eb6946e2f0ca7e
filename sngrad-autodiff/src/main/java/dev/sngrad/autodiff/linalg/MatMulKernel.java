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

  /**
   * {@code C = op(A o A) * op(B o B)}, where {@code o} is the elementwise product, with the
   * arguments of {@link #multiply}: the sum of squared per-example gradients {@code (A*A)^T (D*D)}
   * of a matrix product. The squares are rounded to float first, so the result equals {@code
   * multiply} applied to squared copies, bit for bit. This default makes those copies; kernels
   * that pack their operands square while packing instead. {@code a} and {@code b} are not
   * modified.
   */
  default void multiplySquares(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    multiply(squares(a, m * k), transposeA, squares(b, k * n), transposeB, c, m, n, k);
  }

  private static float[] squares(float[] x, int size) {
    float[] y = new float[size];
    for (int i = 0; i < size; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }

  /**
   * The default kernel, single-threaded: the Vector API kernel when the JVM runs with {@code
   * --add-modules jdk.incubator.vector}, else the scalar one. Either needs nothing installed.
   */
  static MatMulKernel defaultKernel() {
    return Holder.SINGLE_THREADED;
  }

  /**
   * The best pure-Java kernel (see {@link #defaultKernel}) on {@code threads} threads of its own:
   * daemon threads kept for the life of the kernel, so create one per application, not per call.
   * Results are bit-identical for every thread count.
   */
  static MatMulKernel parallel(int threads) {
    if (threads == 1) {
      return defaultKernel();
    }
    return vectorApiAvailable() ? new VectorMatMulKernel(threads) : new BlockedMatMulKernel(threads);
  }

  /** {@link #parallel} on every processor the JVM may use ({@code Runtime.availableProcessors()}). */
  static MatMulKernel parallel() {
    return parallel(Runtime.getRuntime().availableProcessors());
  }

  /** The scalar kernel, which runs on every JVM, on {@code threads} threads. */
  static MatMulKernel scalar(int threads) {
    return new BlockedMatMulKernel(threads);
  }

  /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
  static boolean vectorApiAvailable() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** The shared default instance, created on first use. */
  final class Holder {
    private static final MatMulKernel SINGLE_THREADED =
        vectorApiAvailable() ? new VectorMatMulKernel(1) : new BlockedMatMulKernel(1);

    private Holder() {}
  }
}
