package dev.sngrad.autodiff.linalg;

/**
 * A native single-precision matrix product that reads and writes Java arrays in place (no copy
 * into native memory): {@code C = op(A) op(B)}, row-major, as BLAS's {@code cblas_sgemm} with
 * {@code alpha = 1} and {@code beta = 0}. The library behind it runs single-threaded; {@link
 * NativeBands#inPlaceKernel} splits products over Java threads around it.
 *
 * <p>Implemented through the Foreign Function and Memory API on JDK 22+ (sngrad-autodiff's {@code
 * OpenBlasLibrary}) and through JNI critical regions by sngrad-openblas on every JDK.
 */
public interface InPlaceSgemm {
  /**
   * {@code C = op(A) op(B)}, each operand starting at the offset given into its array and read with
   * the leading dimension given; {@code C}'s {@code m x n} elements are overwritten. Arguments are
   * checked by the caller ({@link KernelArguments}), not here.
   *
   * @param transposeA whether {@code op(A)} is {@code A}'s transpose ({@code a} holds {@code k x m})
   * @param transposeB whether {@code op(B)} is {@code B}'s transpose ({@code b} holds {@code n x k})
   * @param m rows of {@code C}
   * @param n columns of {@code C}
   * @param k the inner dimension
   * @param a {@code A}'s array
   * @param offsetA index of {@code A}'s first element in {@code a}
   * @param lda {@code A}'s row stride in {@code a}
   * @param b {@code B}'s array
   * @param offsetB index of {@code B}'s first element in {@code b}
   * @param ldb {@code B}'s row stride in {@code b}
   * @param c {@code C}'s array
   * @param offsetC index of {@code C}'s first element in {@code c}
   * @param ldc {@code C}'s row stride in {@code c}
   */
  void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, int offsetA, int lda, float[] b,
      int offsetB, int ldb, float[] c, int offsetC, int ldc);

  /**
   * {@code C = op(A) op(B)} over whole arrays, each with its natural leading dimension.
   *
   * @param a {@code A}, {@code m x k} ({@code k x m} when transposed), row-major
   * @param transposeA whether to use {@code A}'s transpose
   * @param b {@code B}, {@code k x n} ({@code n x k} when transposed), row-major
   * @param transposeB whether to use {@code B}'s transpose
   * @param c {@code C}, {@code m x n}, overwritten
   * @param m rows of {@code C}
   * @param n columns of {@code C}
   * @param k the inner dimension
   */
  default void sgemm(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    sgemm(transposeA, transposeB, m, n, k, a, 0, transposeA ? m : k, b, 0, transposeB ? k : n, c, 0, n);
  }
}
