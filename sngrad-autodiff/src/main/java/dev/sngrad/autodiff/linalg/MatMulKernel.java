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
 *
 * <p>A kernel is arithmetic only: every call names the {@link WorkerThreads} that it may spread
 * the product over, and the caller owns those (an {@code ExecutionContext} holds both). Kernels
 * keep each element's summation order independent of the split, so results do not depend on the
 * thread count.
 */
public interface MatMulKernel {
  /**
   * {@code C = op(A) op(B)}, written over {@code c}; see the class comment for the layouts.
   *
   * @param threads the threads to spread the product over, the calling one included
   * @param a {@code m x k}, or {@code k x m} when {@code transposeA}; not modified
   * @param transposeA whether {@code a} holds the transpose of {@code op(A)}
   * @param b {@code k x n}, or {@code n x k} when {@code transposeB}; not modified
   * @param transposeB whether {@code b} holds the transpose of {@code op(B)}
   * @param c receives the {@code m x n} result; at least {@code m * n} long
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   */
  void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k);

  /**
   * {@code C = op(A o A) * op(B o B)}, where {@code o} is the elementwise product, with the
   * arguments of {@link #multiply}: the sum of squared per-example gradients {@code (A*A)^T (D*D)}
   * of a matrix product. The squares are rounded to float first, so the result equals {@code
   * multiply} applied to squared copies, bit for bit. This default makes those copies; kernels
   * that pack their operands square while packing instead. {@code a} and {@code b} are not
   * modified.
   *
   * @param threads the threads to spread the product over, the calling one included
   * @param a {@code m x k}, or {@code k x m} when {@code transposeA}; its elements are squared
   * @param transposeA whether {@code a} holds the transpose of {@code op(A)}
   * @param b {@code k x n}, or {@code n x k} when {@code transposeB}; its elements are squared
   * @param transposeB whether {@code b} holds the transpose of {@code op(B)}
   * @param c receives the {@code m x n} result; at least {@code m * n} long
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   */
  default void multiplySquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, KernelArguments.squares(a, m * k), transposeA, KernelArguments.squares(b, k * n), transposeB, c,
        m, n, k);
  }

  /**
   * {@link #multiply} into {@code c} and {@link #multiplySquares} into {@code cOfSquares}, with
   * the same arguments: the two fused moments of a matrix product's weight, {@code A^T D} and
   * {@code (A*A)^T (D*D)}. Each result has the bits of its own call; this default makes the two
   * calls, and a kernel may compute both in one pass over its packed operands instead.
   *
   * @param threads the threads to spread the product over, the calling one included
   * @param a {@code m x k}, or {@code k x m} when {@code transposeA}; not modified
   * @param transposeA whether {@code a} holds the transpose of {@code op(A)}
   * @param b {@code k x n}, or {@code n x k} when {@code transposeB}; not modified
   * @param transposeB whether {@code b} holds the transpose of {@code op(B)}
   * @param c receives {@code op(A) op(B)}, {@code m x n}; at least {@code m * n} long
   * @param cOfSquares receives {@code op(A o A) op(B o B)}; at least {@code m * n} long, not {@code c}
   * @param m rows of the results
   * @param n columns of the results
   * @param k the inner dimension
   */
  default void multiplyAndSquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c,
      float[] cOfSquares, int m, int n, int k) {
    multiply(threads, a, transposeA, b, transposeB, c, m, n, k);
    multiplySquares(threads, a, transposeA, b, transposeB, cOfSquares, m, n, k);
  }

  /**
   * The default kernel: the Vector API kernel where {@link #vectorKernelPreferred()}, else the
   * scalar one. Either needs nothing installed, and they give the same bits on every machine, JDK
   * and thread count; every op that is given no context (an op on {@code Var.constant}s, say) uses
   * this one, so that such work stays reproducible everywhere. {@link #fastest} adds the native
   * kernel.
   *
   * @return the shared pure-Java kernel
   */
  static MatMulKernel defaultKernel() {
    return vectorKernelPreferred() ? vector() : scalar();
  }

  /**
   * The fastest kernel this JVM can have: the native OpenBLAS one where {@link
   * NativeBlas#available()} (sngrad-openblas on the class path, or a JDK 22+ with a system
   * OpenBLAS), else {@link #defaultKernel()}. OpenBLAS results are reproducible on one machine and
   * thread count, and differ from the pure-Java kernel's in the last bits.
   *
   * @return the native kernel, or the best pure-Java one
   */
  static MatMulKernel fastest() {
    return NativeBlas.kernel().orElseGet(MatMulKernel::defaultKernel);
  }

  /**
   * The scalar kernel, which runs on every JVM; one instance, shared.
   *
   * @return the scalar kernel
   */
  static MatMulKernel scalar() {
    return Holder.SCALAR;
  }

  /**
   * The Vector API kernel, whatever {@link #vectorKernelPreferred()} says: for benchmarks and
   * tests. Needs {@link #vectorApiAvailable()}; one instance, shared.
   *
   * @return the Vector API kernel
   * @throws IllegalStateException if the JVM runs without {@code jdk.incubator.vector}
   */
  static MatMulKernel vector() {
    if (!vectorApiAvailable()) {
      throw new IllegalStateException("the Vector API kernel needs the JVM option --add-modules jdk.incubator.vector");
    }
    return VectorHolder.VECTOR;
  }

  /**
   * True when the JVM was started with {@code --add-modules jdk.incubator.vector} ({@link
   * CpuFeatures#vectorModule()}).
   *
   * @return whether {@link #vector()} can be used
   */
  static boolean vectorApiAvailable() {
    return CpuFeatures.vectorModule();
  }

  /**
   * True when {@link #defaultKernel()} is the Vector API kernel rather than the scalar one (same
   * bits, so this is a matter of speed only): the system property {@value #VECTOR_PROPERTY}
   * ({@code true} or {@code false}) when set, else whenever the Vector API is available. On JDK 17
   * the Vector API kernel is not reliably compiled (C2 sometimes compiles {@code FloatVector}'s
   * shared code on its own part way through a run and the kernel then runs the boxed fallback,
   * up to 10 x slower), but the scalar kernel measured slower still there, in products and in
   * training steps (docs/benchmarks.md), so the native kernel is JDK 17's fast path ({@code
   * --kernel auto}) and the Vector API kernel its pure-Java one.
   *
   * @return whether {@link #defaultKernel()} is the Vector API kernel
   */
  static boolean vectorKernelPreferred() {
    String chosen = System.getProperty(VECTOR_PROPERTY);
    if (chosen != null) {
      return Boolean.parseBoolean(chosen) && vectorApiAvailable();
    }
    return vectorApiAvailable();
  }

  /** System property that forces {@link #vectorKernelPreferred()}: {@code true} or {@code false}. */
  String VECTOR_PROPERTY = "sngrad.kernel.vector";

  /** The scalar kernel, created on first use. Its scratch arrays are per thread; it holds no result. */
  final class Holder {
    private static final MatMulKernel SCALAR = new BlockedMatMulKernel();

    private Holder() {}
  }

  /** The Vector API kernel, created on first use only: loading it needs the incubator module. */
  final class VectorHolder {
    private static final MatMulKernel VECTOR = new VectorMatMulKernel();

    private VectorHolder() {}
  }
}
