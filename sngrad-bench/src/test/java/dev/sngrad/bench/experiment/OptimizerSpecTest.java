package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

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
}
