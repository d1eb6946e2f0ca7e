package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The band split of {@link WorkerThreads}: coverage, nesting, failures, allocation and closing. */
class WorkerThreadsTest {
  @Test
  void everyIndexRunsExactlyOnceInContiguousBands() {
    WorkerThreads threads = WorkerThreads.shared(3);
    for (int extent : new int[] {1, 2, 3, 10, 1001}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(extent);
      for (int repeat = 0; repeat < 50; repeat++) {
        threads.forEachBand(extent, (from, to) -> {
          for (int i = from; i < to; i++) {
            runs.incrementAndGet(i);
          }
        });
      }
      for (int i = 0; i < extent; i++) {
        assertThat(runs.get(i)).as("index %s of %s", i, extent).isEqualTo(50);
      }
    }
  }

  @Test
  void aBandThatSplitsAgainFinishes() {
    WorkerThreads threads = WorkerThreads.shared(2);
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        threads.forEachBand(2, (outerFrom, outerTo) -> threads.forEachBand(4, (from, to) -> {
          for (int i = from; i < to; i++) {
            runs.incrementAndGet(outerFrom * 4 + i);
          }
        })));
    for (int i = 0; i < 8; i++) {
      assertThat(runs.get(i)).isEqualTo(1);
    }
  }

  @Test
  void aFailureInAnyBandReachesTheCallerAndTheThreadsStayUsable() {
    WorkerThreads threads = WorkerThreads.shared(2);
    for (int failing : new int[] {0, 1}) {
      assertThatThrownBy(() -> threads.forEachBand(2, (from, to) -> {
        if (from == failing) {
          throw new IllegalArgumentException("band " + from);
        }
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("band " + failing);
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    threads.forEachBand(2, (from, to) -> runs.incrementAndGet(from));
    assertThat(runs.get(0) + runs.get(1)).isEqualTo(2);
  }

  @Test
  void aSplitAllocatesNothingOnTheCallingThread() {
    // one split per example and layer in a convolution's backward pass: tasks and futures per
    // split grew a training step's allocation with the batch
    WorkerThreads threads = WorkerThreads.shared(2);
    WorkerThreads.Band band = (from, to) -> { };
    for (int i = 0; i < 1_000; i++) {
      threads.forEachBand(2, band);
    }
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      threads.forEachBand(2, band);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    // a task per split was about 300 bytes, 3 MB here; allow a little for the measurement itself
    assertThat(allocated).isLessThan(64 * 1024);
  }

  @Test
  void closedThreadsRefuseWorkAndTheirWorkersEnd() throws InterruptedException {
    WorkerThreads threads = WorkerThreads.start(3);
    int[] ran = new int[6];
    threads.forEachChunk(6, chunk -> ran[chunk]++);
    assertThat(ran).containsOnly(1);
    assertThat(liveWorkers()).as("workers started by the first split").isGreaterThanOrEqualTo(2);
    long before = liveWorkers();
    threads.close();
    threads.close(); // a second close does nothing
    assertThatThrownBy(() -> threads.forEachChunk(6, chunk -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> threads.forEachBand(6, (from, to) -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (liveWorkers() > before - 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(liveWorkers()).as("this instance's two workers ended").isLessThanOrEqualTo(before - 2);
  }

  @Test
  void sharedThreadsAreOnePerCountAndIgnoreClose() {
    WorkerThreads shared = WorkerThreads.shared(2);
    assertThat(WorkerThreads.shared(2)).isSameAs(shared);
    assertThat(WorkerThreads.callingThread()).isSameAs(WorkerThreads.shared(1));
    assertThat(WorkerThreads.callingThread().count()).isEqualTo(1);
    shared.close();
    int[] ran = new int[4];
    shared.forEachChunk(4, chunk -> ran[chunk]++);
    assertThat(ran).containsOnly(1);
    assertThatThrownBy(() -> WorkerThreads.start(0)).hasMessage("threads must be >= 1, got 0");
    assertThatThrownBy(() -> WorkerThreads.shared(0)).hasMessage("threads must be >= 1, got 0");
  }

  @Test
  void aSplitFromASecondCallingThreadWhileOneRunsStillRunsEveryIndexOnce() throws Exception {
    WorkerThreads threads = WorkerThreads.shared(2);
    AtomicIntegerArray runs = new AtomicIntegerArray(64);
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int caller = 0; caller < 2; caller++) {
        int offset = caller * 32;
        done.add(callers.submit(() -> {
          for (int repeat = 0; repeat < 200; repeat++) {
            threads.forEachChunk(32, chunk -> runs.incrementAndGet(offset + chunk));
          }
        }));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
    for (int i = 0; i < 64; i++) {
      assertThat(runs.get(i)).as("index %s", i).isEqualTo(200);
    }
  }

  /** Live threads named as this class names its workers. */
  private static long liveWorkers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("sngrad-worker") && t.isAlive())
        .count();
  }
}
