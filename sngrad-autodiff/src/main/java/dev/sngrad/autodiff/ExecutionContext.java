package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.BufferSource;
import java.util.function.IntConsumer;

/**
 * Where and how work runs, kept apart from what is computed (as JAX keeps lowering apart from its
 * primitives): the matrix {@code kernel} that every matrix product uses, whose threads also run
 * the elementwise passes over all parameters ({@link #forEachChunk}), and the {@code buffers} that
 * ops and transforms take the arrays of their results from.
 *
 * <p>{@link Grad}, {@link PerExample}, {@link Inference} and the training step take a context; without one they use
 * {@link #defaults()}: the pure-Java kernel on every core and fresh arrays. Results do not depend
 * on the kernel's thread count, nor on where the arrays come from. Immutable.
 *
 * @param kernel the matrix kernel, also the threads of the parallel passes
 * @param buffers where the arrays of results come from; with an {@link
 *     dev.sngrad.autodiff.tensor.Arena}, results are valid until the arena is reset, and work may
 *     only be started from the arena's thread
 */
public record ExecutionContext(MatMulKernel kernel, BufferSource buffers) {
  /**
   * Checks that neither component is null.
   *
   * @param kernel the matrix kernel, also the threads of the parallel passes
   * @param buffers where the arrays of results come from
   * @throws NullPointerException if a component is null
   */
  public ExecutionContext {
    checkNotNull(kernel, "kernel");
    checkNotNull(buffers, "buffers");
  }

  /**
   * The pure-Java kernel on every processor the JVM may use ({@link MatMulKernel#defaultKernel()})
   * and fresh arrays: the same bits on every machine and thread count. One shared instance, created
   * on first use: every op applied to {@link Var#constant}s only runs in it.
   *
   * @return the shared default context
   */
  public static ExecutionContext defaults() {
    return Default.INSTANCE;
  }

  /**
   * The pure-Java kernel on {@code threads} threads ({@link MatMulKernel#parallel(int)}) and fresh arrays.
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the context
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static ExecutionContext threads(int threads) {
    return new ExecutionContext(MatMulKernel.parallel(threads), BufferSource.fresh());
  }

  /**
   * {@code kernel} and fresh arrays.
   *
   * @param kernel the matrix kernel, e.g. {@link MatMulKernel#fastest(int)}
   * @return the context
   * @throws NullPointerException if {@code kernel} is null
   */
  public static ExecutionContext of(MatMulKernel kernel) {
    return new ExecutionContext(kernel, BufferSource.fresh());
  }

  /**
   * This context with matrix products (and parallel passes) on {@code kernel}.
   *
   * @param kernel the matrix kernel to use instead
   * @return a copy of this context with the kernel replaced
   * @throws NullPointerException if {@code kernel} is null
   */
  public ExecutionContext withKernel(MatMulKernel kernel) {
    return new ExecutionContext(kernel, buffers);
  }

  /**
   * This context with the arrays of results taken from {@code buffers}.
   *
   * @param buffers the source of arrays to use instead, e.g. an {@link dev.sngrad.autodiff.tensor.Arena}
   * @return a copy of this context with the buffers replaced
   * @throws NullPointerException if {@code buffers} is null
   */
  public ExecutionContext withBuffers(BufferSource buffers) {
    return new ExecutionContext(kernel, buffers);
  }

  /**
   * Runs {@code chunk} for every chunk index in {@code [0, chunks)} on the kernel's threads (see
   * {@link MatMulKernel#forEachChunk}): callers cut their work into chunks that do not depend on
   * the thread count, so results do not depend on it either.
   *
   * @param chunks the number of chunks, {@code >= 0}
   * @param chunk the work on one chunk, given its index; chunks may run concurrently
   */
  public void forEachChunk(int chunks, IntConsumer chunk) {
    kernel.forEachChunk(chunks, chunk);
  }

  /** Holds {@link #defaults()}, so that its kernel's threads start only when it is used. */
  private static final class Default {
    static final ExecutionContext INSTANCE = new ExecutionContext(MatMulKernel.defaultKernel(), BufferSource.fresh());
  }
}
