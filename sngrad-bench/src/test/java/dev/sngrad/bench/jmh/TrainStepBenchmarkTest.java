package dev.sngrad.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** {@link TrainStepBenchmark#pairedSessions} outside JMH, on a small batch. */
class TrainStepBenchmarkTest {
  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void pairedSessionsTimeTwoStepsOfEachSessionPerCallAndResetPerIteration() {
    TrainStepBenchmark bench = new TrainStepBenchmark();
    bench.batch = 4;
    bench.threads = 2;
    bench.backend = "java";
    bench.rule = "I";
    bench.chunk = 4;
    bench.setUp();
    try {
      TrainStepBenchmark.PairedTimes times = new TrainStepBenchmark.PairedTimes();
      times.reset();
      bench.pairedSessions(times, BLACKHOLE);
      bench.pairedSessions(times, BLACKHOLE);
      bench.pairedSessions(times, BLACKHOLE);

      assertThat(times.steps()).isEqualTo(3);
      assertThat(times.plainMs()).isPositive();
      assertThat(times.sngradMs()).isPositive();
      // three calls took six steps of each session, half of them timed
      assertThat(bench.plainSgdSession().step()).isEqualTo(6);
      assertThat(bench.sgdSnrSession().step()).isEqualTo(6);

      times.reset();
      assertThat(times.steps()).isZero();
      assertThat(times.plainMs()).isZero();
      assertThat(times.sngradMs()).isZero();
    } finally {
      bench.tearDown();
    }
  }
}
