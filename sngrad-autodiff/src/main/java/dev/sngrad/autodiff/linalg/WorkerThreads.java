package dev.sngrad.autodiff.linalg;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads that a piece of work is spread over: the calling thread and {@code count() - 1}
 * workers. Matrix kernels split each product into contiguous bands on them (the threads are an
 * argument of every {@link MatMulKernel} call, so that a kernel holds arithmetic, not threads),
 * and the elementwise passes over all parameters split into chunks with {@link #forEachChunk}.
 * Work is cut so that every element is computed in the same order whatever the split, so results
 * do not depend on the thread count.
 *
 * <p>Two kinds: {@link #start} makes threads that the caller owns and ends with {@link #close}
 * (a training run, a benchmark, a test); {@link #shared} gives one set of daemon threads per count
 * for the whole JVM, for callers that own no threads ({@code ExecutionContext.defaults()}), whose
 * {@code close} does nothing. Workers start with the first job that is split, so threads never
 * used in parallel cost nothing.
 *
 * <p>A split allocates nothing: the workers wait on a generation counter rather than for task
 * objects, so a caller that hands in a reused {@link Band} or {@code IntConsumer} splits without
 * allocating at all (a convolution issues one product per example). A split made while another
 * runs on the same threads (from inside a band, or from a second calling thread) goes to a small
 * pool that is created when first needed.
 */
public final class WorkerThreads implements AutoCloseable {
  /** Below this many multiply-adds a product runs on the calling thread. */
  static final long PARALLEL_THRESHOLD = 1L << 18;

  /**
   * How long, in nanoseconds, a worker waiting for the next job and a caller waiting for the
   * workers spin before they park: the system property {@value #SPIN_PROPERTY} when set (0 parks
   * at once), else 50 microseconds. A training step hands its workers dozens of jobs a few to a few
   * hundred microseconds apart, and waking a parked thread costs tens of microseconds each time: at
   * B = 128 that was the largest item of a profiled step (docs/benchmarks.md). Spinning much
   * longer than the usual gap between jobs would only take the core from other work.
   */
  static final long SPIN_NANOS = Long.getLong(WorkerThreads.SPIN_PROPERTY, 50_000L);

  /** System property that sets {@link #SPIN_NANOS}, for measuring the spin against none. */
  public static final String SPIN_PROPERTY = "sngrad.threads.spinNanos";

  /** Work on the band {@code [from, to)} of a product's rows, columns or panels. */
  @FunctionalInterface
  interface Band {
    void run(int from, int to);
  }

  private static final ConcurrentMap<Integer, WorkerThreads> SHARED = new ConcurrentHashMap<>();

  private final int count;
  private final boolean owned;
  private final Dispatcher dispatcher;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** For splits made while the dispatcher is busy; created on first need, guarded by this. */
  private ExecutorService overflow;

  private WorkerThreads(int count, boolean owned) {
    checkArgument(count >= 1, "threads must be >= 1, got %s", count);
    this.count = count;
    this.owned = owned;
    this.dispatcher = count == 1 ? null : new Dispatcher();
  }

  /**
   * New threads that the caller owns: {@code count - 1} workers beside the calling thread, started
   * by the first split and stopped by {@link #close}.
   *
   * @param count the number of threads, the calling one included, {@code >= 1}
   * @return the threads
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static WorkerThreads start(int count) {
    return new WorkerThreads(count, true);
  }

  /**
   * The JVM's shared threads for {@code count}: daemon threads made once per count, for callers
   * that own none. {@link #close} does nothing on them.
   *
   * @param count the number of threads, the calling one included, {@code >= 1}
   * @return the shared threads for that count
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static WorkerThreads shared(int count) {
    checkArgument(count >= 1, "threads must be >= 1, got %s", count);
    return SHARED.computeIfAbsent(count, c -> new WorkerThreads(c, false));
  }

  /**
   * The calling thread alone: {@code shared(1)}, which has no workers.
   *
   * @return the single-thread instance
   */
  public static WorkerThreads callingThread() {
    return shared(1);
  }

  /**
   * The number of threads, the calling one included.
   *
   * @return at least 1
   */
  public int count() {
    return count;
  }

  /** True when a product of {@code m x n x k} multiply-adds is worth splitting. */
  boolean worthSplitting(int m, int n, int k) {
    return count > 1 && (long) m * n * k >= PARALLEL_THRESHOLD;
  }

  /**
   * Runs {@code chunk} for every index of {@code [0, chunks)}, in {@link #count()} contiguous bands
   * of indices, and waits for all: the first band on the calling thread. Callers cut their work
   * into chunks that do not depend on the thread count and combine per-chunk results in chunk
   * order, so results do not depend on it either. The common case allocates nothing.
   *
   * @param chunks the number of chunks, {@code >= 0}
   * @param chunk the work on one chunk, given its index; chunks may run concurrently
   * @throws IllegalStateException if these threads were closed
   * @throws RuntimeException the first exception a chunk threw, once every band has finished
   */
  public void forEachChunk(int chunks, IntConsumer chunk) {
    if (dispatcher == null || chunks < 2) {
      checkOpen();
      runChunks(chunk, 0, chunks);
      return;
    }
    if (!dispatcher.tryRun(chunks, null, chunk)) {
      runOnOverflow(chunks, (from, to) -> runChunks(chunk, from, to));
    }
  }

  private static void runChunks(IntConsumer chunk, int from, int to) {
    for (int c = from; c < to; c++) {
      chunk.accept(c);
    }
  }

  /**
   * Runs {@code band} on {@link #count()} contiguous parts of {@code [0, extent)} and waits for all:
   * part 0 on the calling thread, the others on the workers. A product per example calls this
   * {@code B} times a step, so the common case allocates nothing.
   */
  void forEachBand(int extent, Band band) {
    if (dispatcher == null) {
      checkOpen();
      band.run(0, extent);
    } else if (!dispatcher.tryRun(extent, band, null)) {
      runOnOverflow(extent, band);
    }
  }

  /**
   * Stops the workers of threads made by {@link #start}, after the job they may be running; a
   * later split throws. Does nothing on {@link #shared} threads, and nothing the second time.
   */
  @Override
  public void close() {
    if (!owned || !closed.compareAndSet(false, true)) {
      return;
    }
    if (dispatcher != null) {
      dispatcher.stop();
    }
    synchronized (this) {
      if (overflow != null) {
        overflow.shutdown();
      }
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("these worker threads were closed: " + this);
    }
  }

  private synchronized ExecutorService overflow() {
    checkOpen();
    if (overflow == null) {
      overflow = Executors.newFixedThreadPool(count, r -> {
        Thread t = new Thread(r, "sngrad-worker-overflow");
        t.setDaemon(true);
        return t;
      });
    }
    return overflow;
  }

  private void runOnOverflow(int extent, Band band) {
    ExecutorService pool = overflow();
    List<Future<?>> parts = new ArrayList<>(count);
    try {
      for (int t = 0; t < count; t++) {
        int from = from(extent, t);
        int to = from(extent, t + 1);
        if (from < to) {
          parts.add(pool.submit(() -> band.run(from, to)));
        }
      }
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("these worker threads were closed: " + this, e);
    }
    try {
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("worker thread interrupted", e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  private int from(int extent, int part) {
    return NativeBands.start(extent, part, count);
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException r) {
      return r; // e.g. a pass's IllegalArgumentException, as it would be on one thread
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("worker thread failed", failure);
  }

  @Override
  public String toString() {
    return count + (count == 1 ? " thread" : " threads") + (owned ? "" : ", shared") + (closed.get() ? ", closed" : "");
  }

  /**
   * One job at a time for {@code count - 1} waiting workers: the caller publishes the job, bumps
   * {@link #generation} and unparks them; each worker runs its part, and the last to finish
   * unparks the caller. Both sides spin for {@link #SPIN_NANOS} before they park. The volatile
   * generation and the atomic count order the job's writes before the workers' reads, and the
   * workers' results before the caller's return. A job is a
   * {@link Band} or, for {@link #forEachChunk}, the chunk consumer itself, so that neither needs a
   * wrapper object.
   */
  private final class Dispatcher {
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread[] workers;
    private volatile long generation;
    private volatile boolean stopping;
    private volatile Thread caller;
    /**
     * Per worker, 1 while it may be parked, and whether the caller may be: a thread that spins
     * needs no unpark, which is a system call. Each side sets its flag before it checks for work
     * a last time, and the other side checks the flag after publishing work, so one of them
     * always sees the other (all of it volatile).
     */
    private final AtomicIntegerArray parked;
    private volatile boolean callerParked;
    private Band job;
    private IntConsumer chunkJob;
    private int jobExtent;

    Dispatcher() {
      workers = new Thread[count - 1];
      parked = new AtomicIntegerArray(count - 1);
    }

    /** Starts the workers on the first job, so that threads never used in parallel have none. */
    private void startWorkers() {
      for (int w = 0; w < workers.length; w++) {
        int part = w + 1;
        workers[w] = new Thread(() -> work(part), "sngrad-worker");
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
        checkOpen();
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
        for (int w = 0; w < workers.length; w++) {
          if (parked.get(w) == 1) {
            LockSupport.unpark(workers[w]);
          }
        }
        try {
          runPart(0);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        boolean interrupted = false;
        long spinStart = System.nanoTime();
        while (pending.get() != 0 && System.nanoTime() - spinStart < SPIN_NANOS) {
          Thread.onSpinWait();
        }
        while (pending.get() != 0) {
          callerParked = true;
          if (pending.get() != 0) {
            LockSupport.park(this);
          }
          callerParked = false;
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

    /**
     * Ends the workers after the job that may be running: takes the dispatcher for good, so that
     * no job starts after this, and wakes the waiting workers to see {@link #stopping}.
     */
    void stop() {
      while (!busy.compareAndSet(false, true)) {
        Thread.onSpinWait();
      }
      stopping = true;
      for (Thread w : workers) {
        if (w != null) {
          LockSupport.unpark(w);
        }
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
        long spinStart = System.nanoTime();
        while (generation == seen && !stopping && System.nanoTime() - spinStart < SPIN_NANOS) {
          Thread.onSpinWait();
        }
        while (generation == seen) {
          if (stopping) {
            return;
          }
          parked.set(part - 1, 1);
          if (generation == seen && !stopping) {
            LockSupport.park(this);
          }
          parked.set(part - 1, 0);
        }
        seen = generation;
        try {
          runPart(part);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        if (pending.decrementAndGet() == 0 && callerParked) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
