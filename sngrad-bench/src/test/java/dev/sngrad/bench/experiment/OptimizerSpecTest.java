package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sngrad.bench.experiment.OptimizerSpec.Base;
import dev.sngrad.bench.experiment.OptimizerSpec.Rule;
import dev.sngrad.optim.schedule.Schedules;

import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.Transforms;
import org.junit.jupiter.api.Test;

class OptimizerSpecTest {
  @Test
  void transformsAreTheChainsTheLabelsName() {
    assertThat(OptimizerSpec.parse("sgd", 0).transform(0.05))
        .isEqualTo(Transforms.chain(Transforms.scaleByLearningRate(0.05)));
    assertThat(OptimizerSpec.parse("momentum", 0).transform(0.05))
        .isEqualTo(Transforms.chain(Transforms.trace(0.9, false), Transforms.scaleByLearningRate(0.05)));
    assertThat(OptimizerSpec.parse("adam+I", 0).transform(0.001)).isEqualTo(Transforms.chain(
        Transforms.scaleBySignalToNoise(SnrRule.I, 0.1, 0), Transforms.scaleByAdam(0.9, 0.999, 1e-8),
        Transforms.scaleByLearningRate(0.001)));
    // the rule's alpha and epsilon reach the transform
    assertThat(OptimizerSpec.parse("momentum+III:0.2", 1e-5).transform(0.05)).isEqualTo(Transforms.chain(
        Transforms.scaleBySignalToNoise(SnrRule.III, 0.2, 1e-5), Transforms.trace(0.9, false),
        Transforms.scaleByLearningRate(0.05)));
    assertThat(OptimizerSpec.parse("sgd+II", 1e-5).transform(0.05)).isEqualTo(Transforms.chain(
        Transforms.scaleBySignalToNoise(SnrRule.II, 0.05, 1e-5), Transforms.scaleByLearningRate(0.05)));
  }

  @Test
  void aWarmupReplacesTheLearningRatesScalingAndNamesItself() {
    OptimizerSpec sgd = OptimizerSpec.parse("sgd@warmup:58", 0);
    assertThat(sgd.warmupSteps()).isEqualTo(58);
    assertThat(sgd.label()).isEqualTo("sgd@warmup(58)");
    assertThat(sgd.transform(0.5)).isEqualTo(Transforms.chain(Transforms.scaleBySchedule(Schedules.linearWarmup(0.5, 58))));
    assertThat(OptimizerSpec.parse("momentum+III:0.2@warmup:10", 1e-5).transform(0.05)).isEqualTo(Transforms.chain(
        Transforms.scaleBySignalToNoise(SnrRule.III, 0.2, 1e-5), Transforms.trace(0.9, false),
        Transforms.scaleBySchedule(Schedules.linearWarmup(0.05, 10))));
    assertThat(OptimizerSpec.parse("adam+I:0.3@warmup:2", 0).label()).isEqualTo("adam+I(alpha=0.3)@warmup(2)");
    // without a warm-up nothing changes: the label, and so every recorded run's key
    assertThat(OptimizerSpec.parse("sgd+I:0.3", 0)).isEqualTo(new OptimizerSpec(Base.SGD, Rule.I, 0.3, 0, 0, 0));
    assertThat(OptimizerSpec.parse("sgd+I:0.3", 0).label()).isEqualTo("sgd+I(alpha=0.3)");
  }

  @Test
  void aBadWarmupIsNamed() {
    assertThatThrownBy(() -> OptimizerSpec.parse("sgd@warmup:0", 0)).hasMessage("warm-up steps in 'sgd@warmup:0' must be > 0, got 0");
    assertThatThrownBy(() -> OptimizerSpec.parse("sgd@warmup:ten", 0))
        .hasMessage("warm-up steps 'ten' in 'sgd@warmup:ten' are not a whole number");
    assertThatThrownBy(() -> OptimizerSpec.parse("sgd@cosine:5", 0)).hasMessage(
        "'@cosine:5' in 'sgd@cosine:5' is neither a warm-up nor a clipping; write @warmup:N (N updates) or @clip:C (a norm)");
    assertThatThrownBy(() -> OptimizerSpec.parse("sgd@warmup:3@warmup:4", 0)).hasMessage("'sgd@warmup:3@warmup:4' has two warm-ups");
  }

  @Test
  void clippingComesAfterTheRuleAndBeforeTheRate() {
    OptimizerSpec sgd = OptimizerSpec.parse("sgd@clip:1", 0);
    assertThat(sgd.clipNorm()).isEqualTo(1.0);
    assertThat(sgd.label()).isEqualTo("sgd@clip(1.0)");
    assertThat(sgd.transform(0.5)).isEqualTo(Transforms.chain(Transforms.clipByGlobalNorm(1.0), Transforms.scaleByLearningRate(0.5)));
    OptimizerSpec both = OptimizerSpec.parse("sgd+III:10@clip:2@warmup:5", 0);
    assertThat(both.label()).isEqualTo("sgd+III(alpha=10.0)@warmup(5)@clip(2.0)");
    assertThat(both.transform(0.5)).isEqualTo(Transforms.chain(Transforms.scaleBySignalToNoise(SnrRule.III, 10, 0),
        Transforms.clipByGlobalNorm(2.0), Transforms.scaleBySchedule(Schedules.linearWarmup(0.5, 5))));
    assertThat(both.withoutRule()).isEqualTo(OptimizerSpec.parse("sgd@warmup:5@clip:2", 0));
    assertThatThrownBy(() -> OptimizerSpec.parse("sgd@clip:0", 0)).hasMessage("clip norm in 'sgd@clip:0' must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> OptimizerSpec.parse("sgd@clip:big", 0)).hasMessage("clip norm 'big' in 'sgd@clip:big' is not a number");
  }

  @Test
  void aRecordWrittenBeforeTheWarmupReadsWithoutOne() throws Exception {
    OptimizerSpec read = new ObjectMapper().readValue("{\"base\":\"SGD\",\"rule\":\"II\",\"alpha\":0.05,\"epsilon\":0.0}",
        OptimizerSpec.class);
    assertThat(read).isEqualTo(OptimizerSpec.parse("sgd+II:0.05", 0));
  }
}
