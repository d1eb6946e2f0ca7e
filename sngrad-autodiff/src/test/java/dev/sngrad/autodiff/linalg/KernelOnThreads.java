package dev.sngrad.autodiff.linalg;

/**
 * A kernel and the threads its products are spread over, with the product methods of the kernel
 * minus the threads argument: the tests' way to name "this kernel on N threads".
 *
 * @param kernel the kernel
 * @param threads the threads of every product
 */
public record KernelOnThreads(MatMulKernel kernel, WorkerThreads threads) {
  /**
   * {@code kernel} on the JVM's shared threads for {@code threads}.
   *
   * @param kernel the kernel
   * @param threads the thread count
   * @return the pair
   */
  public static KernelOnThreads on(MatMulKernel kernel, int threads) {
    return new KernelOnThreads(kernel, WorkerThreads.shared(threads));
  }

  /** {@link MatMulKernel#multiply} on {@link #threads}. */
  public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    kernel.multiply(threads, a, transposeA, b, transposeB, c, m, n, k);
  }

  /** {@link MatMulKernel#multiplySquares} on {@link #threads}. */
  public void multiplySquares(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    kernel.multiplySquares(threads, a, transposeA, b, transposeB, c, m, n, k);
  }

  /** {@link MatMulKernel#multiplyAndSquares} on {@link #threads}. */
  public void multiplyAndSquares(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, float[] cOfSquares, int m, int n,
      int k) {
    kernel.multiplyAndSquares(threads, a, transposeA, b, transposeB, c, cOfSquares, m, n, k);
  }

  @Override
  public String toString() {
    return kernel + " on " + threads;
  }
}
