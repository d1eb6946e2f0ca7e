package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.BufferSource;
import java.util.function.IntConsumer;

/**
 * Where and how work runs, kept apart from what is computed (as JAX keeps lowering apart from its
 * primitives): the matrix {@code kernel} that every matrix product uses, the {@code threads} that
 * products and the elementwise passes over all parameters ({@link #forEachChunk}) are spread
 * over, and the {@code buffers} that ops and transforms take the arrays of their results from.
 *
 * <p>{@link Grad}, {@link PerExample}, {@link Inference} and the training step take a context;
 * without one they use {@link #defaults()}: the pure-Java kernel on the JVM's shared threads for
 * every core, and fresh arrays. Results do not depend on the thread count, nor on where the
 * arrays come from. Immutable; it refers to its threads and does not own them: whoever made
 * them with {@link WorkerThreads#start} closes them, after the last use of the context.
 *
 * <pre>{@code
 * try (WorkerThreads threads = WorkerThreads.start(2)) {
 *   ExecutionContext context = ExecutionContext.of(MatMulKernel.fastest(), threads);
 *   ... // train, evaluate
 * }
 * }</pre>
 *
 * @param kernel the matrix kernel: arithmetic only
 * @param threads the threads that products and parallel passes are spread over
 * @param buffers where the arrays of results come from; with an {@link
 *     dev.sngrad.autodiff.tensor.Arena}, results are valid until the arena is reset, and work may
 *     only be started from the arena's thread
 */
public record ExecutionContext(MatMulKernel kernel, WorkerThreads threads, BufferSource buffers) {
  /**
   * Checks that no component is null.
   *
   * @param kernel the matrix kernel
   * @param threads the threads that work is spread over
   * @param buffers where the arrays of results come from
   * @throws NullPointerException if a component is null
   */
  public ExecutionContext {
    checkNotNull(kernel, "kernel");
    checkNotNull(threads, "threads");
    checkNotNull(buffers, "buffers");
  }

  /**
   * The pure-Java kernel ({@link MatMulKernel#defaultKernel()}) on the JVM's shared threads for
   * every processor it may use ({@link WorkerThreads#shared}), and fresh arrays: the same bits on
   * every machine and thread count. One shared instance, created on first use: every op applied to
   * {@link Var#constant}s only runs in it.
   *
   * @return the shared default context
   */
  public static ExecutionContext defaults() {
    return Default.INSTANCE;
  }

  /**
   * The pure-Java kernel on the JVM's shared threads for {@code threads} ({@link
   * WorkerThreads#shared}), and fresh arrays: for callers that own no threads, such as tests.
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the context
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static ExecutionContext threads(int threads) {
    return of(MatMulKernel.defaultKernel(), WorkerThreads.shared(threads));
  }

  /**
   * {@code kernel} on {@code threads}, and fresh arrays.
   *
   * @param kernel the matrix kernel, e.g. {@link MatMulKernel#fastest()}
   * @param threads the threads, e.g. {@link WorkerThreads#start}
   * @return the context
   * @throws NullPointerException if an argument is null
   */
  public static ExecutionContext of(MatMulKernel kernel, WorkerThreads threads) {
    return new ExecutionContext(kernel, threads, BufferSource.fresh());
  }

  /**
   * This context with matrix products on {@code kernel}.
   *
   * @param kernel the matrix kernel to use instead
   * @return a copy of this context with the kernel replaced
   * @throws NullPointerException if {@code kernel} is null
   */
  public ExecutionContext withKernel(MatMulKernel kernel) {
    return new ExecutionContext(kernel, threads, buffers);
  }

  /**
   * This context with work spread over {@code threads}.
   *
   * @param threads the threads to use instead
   * @return a copy of this context with the threads replaced
   * @throws NullPointerException if {@code threads} is null
   */
  public ExecutionContext withThreads(WorkerThreads threads) {
    return new ExecutionContext(kernel, threads, buffers);
  }

  /**
   * This context with the arrays of results taken from {@code buffers}.
   *
   * @param buffers the source of arrays to use instead, e.g. an {@link dev.sngrad.autodiff.tensor.Arena}
   * @return a copy of this context with the buffers replaced
   * @throws NullPointerException if {@code buffers} is null
   */
  public ExecutionContext withBuffers(BufferSource buffers) {
    return new ExecutionContext(kernel, threads, buffers);
  }

  /**
   * Runs {@code chunk} for every chunk index in {@code [0, chunks)} on this context's threads (see
   * {@link WorkerThreads#forEachChunk}): callers cut their work into chunks that do not depend on
   * the thread count, so results do not depend on it either.
   *
   * @param chunks the number of chunks, {@code >= 0}
   * @param chunk the work on one chunk, given its index; chunks may run concurrently
   */
  public void forEachChunk(int chunks, IntConsumer chunk) {
    threads.forEachChunk(chunks, chunk);
  }

  /**
   * {@link MatMulKernel#multiply} on this context's kernel and threads.
   *
   * @param a {@code m x k}, or {@code k x m} when {@code transposeA}; not modified
   * @param transposeA whether {@code a} holds the transpose of {@code op(A)}
   * @param b {@code k x n}, or {@code n x k} when {@code transposeB}; not modified
   * @param transposeB whether {@code b} holds the transpose of {@code op(B)}
   * @param c receives the {@code m x n} result
   * @param m rows of the result
   * @param n columns of the result
   * @param k the inner dimension
   */
  public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    kernel.multiply(threads, a, transposeA, b, transposeB, c, m, n, k);
  }

  /** Holds {@link #defaults()}, so that nothing is made before it is used. */
  private static final class Default {
    static final ExecutionContext INSTANCE = of(MatMulKernel.defaultKernel(),
        WorkerThreads.shared(Runtime.getRuntime().availableProcessors()));
  }
}
