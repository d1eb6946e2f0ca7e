package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.Normalization;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.augment.StudyPreset;
import dev.sngrad.data.mnist.FashionMnist;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainingRunTest {
  private static DataBundle smallData() throws IOException {
    TrainTest embedded = FashionMnist.embeddedSubset();
    Dataset train = embedded.train().subset("train-600", IntStream.range(0, 600).map(i -> i * 10).toArray());
    Dataset test = embedded.test().subset("test-200", IntStream.range(0, 200).map(i -> i * 4).toArray());
    return new DataBundle("embedded", train, Optional.empty(), test, Normalization.fromTraining(train), StudyPreset.FASHION_MNIST);
  }

  @Test
  void everyParameterTensorsDampingIsKeptAndWeighsUpToTheWholeNetworks() throws IOException {
    TrainingRun trainer = new TrainingRun(smallData(), Progress.quiet());
    ExperimentConfig config = new ExperimentConfig(
        "embedded", List.of(8), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 100, 2, 0, 1, false, 0, Backend.JAVA);
    Params init = trainer.initialParams(config);
    RunResult run = trainer.run(config, init).result();

    for (EpochMetrics m : run.epochs()) {
      assertThat(m.layers().keySet()).containsExactlyElementsOf(init.asMap().keySet());
      // the network's figures are the tensors' weighted by their sizes, step by step, so also averaged over the epoch
      double elements = init.asMap().values().stream().mapToInt(t -> t.size()).sum();
      double factor = 0;
      double damped = 0;
      for (Map.Entry<String, EpochMetrics.Damping> e : m.layers().entrySet()) {
        int size = init.asMap().get(e.getKey()).size();
        factor += e.getValue().meanFactor() * size / elements;
        damped += e.getValue().dampedFraction() * size / elements;
      }
      assertThat(factor).isCloseTo(m.meanFactor(), within(1e-9));
      assertThat(damped).isCloseTo(m.dampedFraction(), within(1e-9));
      assertThat(m.dampedFraction()).isGreaterThan(0.1); // rule II at alpha 0.05 damps, so the check is not 0 = 0
    }
  }

  @Test
  void withoutARuleNoParameterIsListed() throws IOException {
    TrainingRun trainer = new TrainingRun(smallData(), Progress.quiet());
    ExperimentConfig config = new ExperimentConfig(
        "embedded", List.of(8), OptimizerSpec.parse("sgd", 0), 0.05, 100, 1, 0, 1, false, 0, Backend.JAVA);
    assertThat(trainer.run(config).result().last().layers()).isEmpty();
  }
}
