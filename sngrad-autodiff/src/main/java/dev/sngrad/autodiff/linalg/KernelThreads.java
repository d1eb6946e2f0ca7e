package dev.sngrad.autodiff.linalg;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads of a matrix kernel: its own fixed pool of daemon threads (none for one thread), and
 * the split of a product into contiguous bands, one per thread. Kernels keep each element's
 * summation order independent of the split, so results do not depend on the thread count.
 */
final class KernelThreads {
  /** Below this many multiply-adds a product runs on the calling thread. */
  static final long PARALLEL_THRESHOLD = 1L << 18;

  /** Work on the band {@code [from, to)} of a product's rows, columns or panels. */
  @FunctionalInterface
  interface Band {
    void run(int from, int to);
  }

  private final int threads;
  private final ExecutorService pool;

  KernelThreads(int threads) {
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sngrad-matmul");
      t.setDaemon(true);
      return t;
    });
  }

  int count() {
    return threads;
  }

  /** True when a product of {@code m x n x k} multiply-adds is worth splitting. */
  boolean worthSplitting(int m, int n, int k) {
    return pool != null && (long) m * n * k >= PARALLEL_THRESHOLD;
  }

  /** Runs {@code chunk} for every index of {@code [0, chunks)}, in contiguous bands, one per thread. */
  void forEachChunk(int chunks, IntConsumer chunk) {
    if (pool == null || chunks < 2) {
      for (int c = 0; c < chunks; c++) {
        chunk.accept(c);
      }
      return;
    }
    forEachBand(chunks, (from, to) -> {
      for (int c = from; c < to; c++) {
        chunk.accept(c);
      }
    });
  }

  /** Runs {@code band} on {@link #count()} contiguous parts of {@code [0, extent)} and waits for all. */
  void forEachBand(int extent, Band band) {
    List<Future<?>> parts = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) extent * t / threads);
      int to = (int) ((long) extent * (t + 1) / threads);
      if (from < to) {
        parts.add(pool.submit(() -> band.run(from, to)));
      }
    }
    try {
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("kernel thread interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // e.g. a pass's IllegalArgumentException, as it would be on one thread
      }
      throw new IllegalStateException("kernel thread failed", e.getCause());
    }
  }
}
