package dev.sngrad.autodiff.linalg;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads of a matrix kernel (none for one thread), and the split of a product into contiguous
 * bands, one per thread: its own daemon workers, started by the first split, take one split at a
 * time without allocating; a split made while another runs goes to its fixed pool of daemon threads. Kernels keep each element's
 * summation order independent of the split, so results do not depend on the thread count.
 *
 * <p>A split allocates nothing here, so a caller that hands in a reused {@link Band} (a kernel
 * keeps one per issuing thread, holding the product's arguments in fields) or a reused {@code
 * IntConsumer} splits without allocating at all: a convolution issues one product per example.
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
  private final Dispatcher dispatcher;

  KernelThreads(int threads) {
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sngrad-matmul");
      t.setDaemon(true);
      return t;
    });
    this.dispatcher = threads == 1 ? null : new Dispatcher();
  }

  int count() {
    return threads;
  }

  /** True when a product of {@code m x n x k} multiply-adds is worth splitting. */
  boolean worthSplitting(int m, int n, int k) {
    return pool != null && (long) m * n * k >= PARALLEL_THRESHOLD;
  }

  /**
   * Runs {@code chunk} for every index of {@code [0, chunks)}, in contiguous bands, one per thread;
   * like {@link #forEachBand}, the common case allocates nothing.
   */
  void forEachChunk(int chunks, IntConsumer chunk) {
    if (pool == null || chunks < 2) {
      runChunks(chunk, 0, chunks);
      return;
    }
    if (!dispatcher.tryRun(chunks, null, chunk)) {
      submitToPool(chunks, (from, to) -> runChunks(chunk, from, to));
    }
  }

  private static void runChunks(IntConsumer chunk, int from, int to) {
    for (int c = from; c < to; c++) {
      chunk.accept(c);
    }
  }

  /**
   * Runs {@code band} on {@link #count()} contiguous parts of {@code [0, extent)} and waits for all:
   * part 0 on the calling thread, the others on this kernel's workers. A product per example calls
   * this {@code B} times a step, so the common case allocates nothing (no task objects): the
   * workers wait on a generation counter. A call made while another is running (from inside a
   * band, or from a second thread) takes the pool instead.
   */
  void forEachBand(int extent, Band band) {
    if (!dispatcher.tryRun(extent, band, null)) {
      submitToPool(extent, band);
    }
  }

  private void submitToPool(int extent, Band band) {
    List<Future<?>> parts = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int from = from(extent, t);
      int to = from(extent, t + 1);
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
      throw rethrown(e.getCause());
    }
  }

  private int from(int extent, int part) {
    return NativeBands.start(extent, part, threads);
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException r) {
      return r; // e.g. a pass's IllegalArgumentException, as it would be on one thread
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("kernel thread failed", failure);
  }

  /**
   * One band job at a time for {@code threads - 1} parked workers: the caller publishes the job,
   * bumps {@link #generation} and unparks them; each worker runs its part, and the last to finish
   * unparks the caller. The volatile generation and the atomic count order the job's writes
   * before the workers' reads, and the workers' results before the caller's return. A job is a
   * {@link Band} or, for {@link #forEachChunk}, the chunk consumer itself, so that neither needs a
   * wrapper object.
   */
  private final class Dispatcher {
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread[] workers;
    private volatile long generation;
    private volatile Thread caller;
    private Band job;
    private IntConsumer chunkJob;
    private int jobExtent;

    Dispatcher() {
      workers = new Thread[threads - 1];
    }

    /** Starts the workers on the first job, so that a kernel never used in parallel has no threads. */
    private void startWorkers() {
      for (int w = 0; w < workers.length; w++) {
        int part = w + 1;
        workers[w] = new Thread(() -> work(part), "sngrad-matmul-band");
        workers[w].setDaemon(true);
        workers[w].start();
      }
    }

    /**
     * Runs {@code band}, or {@code chunks} on every index, whichever is not null, and returns true;
     * or returns false at once if a job is already running.
     */
    boolean tryRun(int extent, Band band, IntConsumer chunks) {
      if (!busy.compareAndSet(false, true)) {
        return false;
      }
      try {
        if (workers.length > 0 && workers[0] == null) {
          startWorkers();
        }
        job = band;
        chunkJob = chunks;
        jobExtent = extent;
        caller = Thread.currentThread();
        failure.set(null);
        pending.set(workers.length);
        generation++; // publishes the fields above
        for (Thread w : workers) {
          LockSupport.unpark(w);
        }
        try {
          runPart(0);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        boolean interrupted = false;
        while (pending.get() != 0) {
          LockSupport.park(this);
          interrupted |= Thread.interrupted(); // the workers finish regardless; restored below
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        job = null; // keeps no caller's arrays alive between jobs
        chunkJob = null;
        Throwable failed = failure.get();
        if (failed != null) {
          throw rethrown(failed);
        }
        return true;
      } finally {
        busy.set(false);
      }
    }

    private void runPart(int part) {
      int from = from(jobExtent, part);
      int to = from(jobExtent, part + 1);
      if (from >= to) {
        return;
      }
      if (job != null) {
        job.run(from, to);
      } else {
        runChunks(chunkJob, from, to);
      }
    }

    private void work(int part) {
      long seen = 0;
      while (true) {
        while (generation == seen) {
          LockSupport.park(this);
        }
        seen = generation;
        try {
          runPart(part);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
