package dev.sngrad.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.train.StepResult;
import org.junit.jupiter.api.Test;

/**
 * Runs every step of {@link ConvStepBenchmark} once on a small batch, outside JMH: each must give
 * finite parameters of cnn-small's size, and a session's first step the loss of the step it wraps.
 * (The statistics' agreement with a loop of single-example gradients is tested in the autodiff
 * modules.)
 */
class ConvStepBenchmarkTest {
  @Test
  void everyStepRunsOnCnnSmall() {
    ConvStepBenchmark bench = new ConvStepBenchmark();
    bench.batch = 6;
    bench.threads = 2;
    bench.backend = "java";
    bench.rule = "I";
    bench.chunk = 4; // two chunks, the second partial
    bench.setUp();

    StepResult plain = bench.plainSgd();
    StepResult fused = bench.sgdSnrFusedMoments();
    Params materialized = bench.sgdSnrMaterialized();
    for (Params p : new Params[] {plain.params(), fused.params(), materialized}) {
      assertThat(p.totalSize()).isEqualTo(1_070_794L);
      assertThat(p.isFinite()).isTrue();
    }
    assertThat(plain.loss()).isFinite().isPositive();
    // the same forward pass; the two steps average the per-example losses in different precisions
    assertThat(fused.loss()).isCloseTo(plain.loss(), withinPercentage(1e-4));
    assertThat(bench.plainSgdSession().loss()).isEqualTo(plain.loss());
    assertThat(bench.sgdSnrSession().loss()).isEqualTo(fused.loss());
  }
}
