package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The band split of {@link KernelThreads}: coverage, nesting, failures and allocation. */
class KernelThreadsTest {
  @Test
  void everyIndexRunsExactlyOnceInContiguousBands() {
    KernelThreads threads = new KernelThreads(3);
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
    KernelThreads threads = new KernelThreads(2);
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
    KernelThreads threads = new KernelThreads(2);
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
    KernelThreads threads = new KernelThreads(2);
    KernelThreads.Band band = (from, to) -> { };
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
}
