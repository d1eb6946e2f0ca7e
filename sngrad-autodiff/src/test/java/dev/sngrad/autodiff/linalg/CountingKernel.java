package dev.sngrad.autodiff.linalg;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A kernel that delegates to another and counts its matrix products, for tests that check which
 * kernel a computation ran on. Thread-safe, like the kernel it wraps.
 */
public final class CountingKernel implements MatMulKernel {
  private final MatMulKernel delegate;
  private final AtomicLong products = new AtomicLong();

  /**
   * Counts the products of {@code delegate}, which computes them.
   *
   * @param delegate the kernel that does the work
   */
  public CountingKernel(MatMulKernel delegate) {
    this.delegate = delegate;
  }

  /**
   * How many products ({@link #multiply} and {@link #multiplySquares} calls) this kernel has run.
   *
   * @return the number of products so far
   */
  public long products() {
    return products.get();
  }

  @Override
  public void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    products.incrementAndGet();
    delegate.multiply(threads, a, transposeA, b, transposeB, c, m, n, k);
  }

  @Override
  public void multiplySquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    products.incrementAndGet();
    delegate.multiplySquares(threads, a, transposeA, b, transposeB, c, m, n, k);
  }

  @Override
  public String toString() {
    return "counting " + delegate;
  }
}
