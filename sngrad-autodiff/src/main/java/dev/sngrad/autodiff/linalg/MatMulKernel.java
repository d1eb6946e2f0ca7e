package dev.sngrad.autodiff.linalg;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntConsumer;

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
  /**
   * {@code C = op(A) op(B)}, written over {@code c}; see the class comment for the layouts.
   *
   * @param a {@code m x k}, or {@code k x m} when {@code transposeA}; not modified
   * @param transposeA whether {@code a} holds the transpose of {@code op(A)}
   * @param b {@code k x n}, or {@code n x k} when {@code transposeB}; not modified
   * @param transposeB whether {@code b} holds the transpose of {@code op(B)}
   * @param c receives the {@code m x n} result; at least {@code m * n} long
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   */
  void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k);

  /**
   * {@code C = op(A o A) * op(B o B)}, where {@code o} is the elementwise product, with the
   * arguments of {@link #multiply}: the sum of squared per-example gradients {@code (A*A)^T (D*D)}
   * of a matrix product. The squares are rounded to float first, so the result equals {@code
   * multiply} applied to squared copies, bit for bit. This default makes those copies; kernels
   * that pack their operands square while packing instead. {@code a} and {@code b} are not
   * modified.
   *
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
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    multiply(KernelArguments.squares(a, m * k), transposeA, KernelArguments.squares(b, k * n), transposeB, c, m, n, k);
  }

  /**
   * {@link #multiply} into {@code c} and {@link #multiplySquares} into {@code cOfSquares}, with
   * the same arguments: the two fused moments of a matrix product's weight, {@code A^T D} and
   * {@code (A*A)^T (D*D)}. Each result has the bits of its own call; this default makes the two
   * calls, and a kernel may compute both in one pass over its packed operands instead.
   *
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
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, float[] cOfSquares, int m, int n,
      int k) {
    multiply(a, transposeA, b, transposeB, c, m, n, k);
    multiplySquares(a, transposeA, b, transposeB, cOfSquares, m, n, k);
  }

  /**
   * Runs {@code chunk} for every chunk index {@code c} in {@code [0, chunks)}, on this kernel's
   * threads where it has several: the elementwise passes over all parameters of a training step
   * (statistics, the signal-to-noise rule) share the product's threads this way. Callers cut their
   * work into chunks that do not depend on the thread count and combine per-chunk results in
   * chunk order, so results do not depend on it either. This default runs the chunks in order on
   * the calling thread.
   *
   * @param chunks the number of chunks, {@code >= 0}
   * @param chunk the work on one chunk, given its index; chunks may run concurrently
   */
  default void forEachChunk(int chunks, IntConsumer chunk) {
    for (int c = 0; c < chunks; c++) {
      chunk.accept(c);
    }
  }

  /**
   * The default kernel, on every processor the JVM may use: {@link #parallel()}, the Vector API
   * kernel where {@link #vectorKernelPreferred()}, else the scalar one. Either needs nothing
   * installed, and they give the same bits on every machine, JDK and thread count; every op that
   * is given no kernel (an op on {@code Var.constant}s, say) uses this one, so that such work stays
   * reproducible everywhere. {@link #fastest} adds the native kernel.
   *
   * @return the shared pure-Java kernel on {@code Runtime.availableProcessors()} threads
   */
  static MatMulKernel defaultKernel() {
    return parallel();
  }

  /**
   * The fastest kernel this JVM can have on {@code threads} threads: the native OpenBLAS one where
   * {@link NativeBlas#available()} (sngrad-openblas on the class path, or a JDK 22+ with a system
   * OpenBLAS), else {@link #parallel(int)}.
   * OpenBLAS results are reproducible on one machine and thread count, and differ from the
   * pure-Java kernel's in the last bits.
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the native kernel, or the best pure-Java one
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  static MatMulKernel fastest(int threads) {
    return NativeBlas.kernel(threads).orElseGet(() -> parallel(threads));
  }

  /**
   * The best pure-Java kernel (see {@link #defaultKernel}) on {@code threads} threads. One kernel,
   * with its pool of daemon threads, exists per thread count and is shared by every caller asking
   * for that count, so asking per run or per step creates no threads. Results are bit-identical
   * for every thread count.
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the Vector API kernel where {@link #vectorKernelPreferred()}, else the scalar one
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  static MatMulKernel parallel(int threads) {
    return Holder.BEST.computeIfAbsent(threads,
        t -> vectorKernelPreferred() ? vector(t) : scalar(t));
  }

  /**
   * {@link #parallel} on every processor the JVM may use ({@code Runtime.availableProcessors()}).
   *
   * @return the shared pure-Java kernel for that thread count
   */
  static MatMulKernel parallel() {
    return parallel(Runtime.getRuntime().availableProcessors());
  }

  /**
   * The scalar kernel, which runs on every JVM, on {@code threads} threads (shared per count).
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the shared scalar kernel for that thread count
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  static MatMulKernel scalar(int threads) {
    return Holder.SCALAR.computeIfAbsent(threads, BlockedMatMulKernel::new);
  }

  /**
   * The Vector API kernel on {@code threads} threads (shared per count), whatever {@link
   * #vectorKernelPreferred()} says: for benchmarks and tests. Needs {@link #vectorApiAvailable()}.
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the shared Vector API kernel for that thread count
   * @throws IllegalStateException if the JVM runs without {@code jdk.incubator.vector}
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  static MatMulKernel vector(int threads) {
    if (!vectorApiAvailable()) {
      throw new IllegalStateException("the Vector API kernel needs the JVM option --add-modules jdk.incubator.vector");
    }
    return Holder.VECTOR.computeIfAbsent(threads, VectorMatMulKernel::new);
  }

  /**
   * True when the JVM was started with {@code --add-modules jdk.incubator.vector} ({@link
   * CpuFeatures#vectorModule()}).
   *
   * @return whether {@link #vector(int)} can be used
   */
  static boolean vectorApiAvailable() {
    return CpuFeatures.vectorModule();
  }

  /**
   * True when {@link #parallel(int)} uses the Vector API kernel rather than the scalar one (same
   * bits, so this is a matter of speed only): the system property {@value #VECTOR_PROPERTY}
   * ({@code true} or {@code false}) when set, else whenever the Vector API is available. On JDK 17
   * the Vector API kernel is not reliably compiled (C2 sometimes compiles {@code FloatVector}'s
   * shared code on its own part way through a run and the kernel then runs the boxed fallback,
   * up to 10 x slower), but the scalar kernel measured slower still there, in products and in
   * training steps (docs/benchmarks.md), so the native kernel is JDK 17's fast path ({@code
   * --kernel auto}) and the Vector API kernel its pure-Java one.
   *
   * @return whether {@link #parallel(int)} gives the Vector API kernel
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

  /**
   * The kernels handed out, one per kind and thread count, created on first use. They hold thread
   * pools, not results, so sharing them changes no computation.
   */
  final class Holder {
    private static final ConcurrentMap<Integer, MatMulKernel> BEST = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, MatMulKernel> SCALAR = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, MatMulKernel> VECTOR = new ConcurrentHashMap<>();

    private Holder() {}
  }
}
