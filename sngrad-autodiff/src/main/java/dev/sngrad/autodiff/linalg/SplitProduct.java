package dev.sngrad.autodiff.linalg;

/**
 * The arguments of a matrix product {@code C = op(A) op(B)} ({@code m x n}, inner dimension {@code
 * k}) that one thread is splitting into bands, read by each band: a kernel keeps one per issuing
 * thread and refills it per product, where a lambda capturing the arguments cost an object per
 * product (and a convolution takes one product per example). Kernels add what their bands also
 * need.
 */
abstract class SplitProduct implements WorkerThreads.Band {
  float[] a;
  float[] b;
  float[] c;
  int m;
  int n;
  int k;

  /**
   * True while a product is being split with these arguments. Kernels issue no product from inside
   * a band, so this is never true when the issuing thread asks; a kernel takes a fresh object if it
   * ever is.
   */
  final boolean inUse() {
    return c != null;
  }

  final void set(float[] a, float[] b, float[] c, int m, int n, int k) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.m = m;
    this.n = n;
    this.k = k;
  }

  /** Drops the caller's arrays, so that they do not stay reachable, and marks this object free. */
  final void clear() {
    a = null;
    b = null;
    c = null;
  }
}
