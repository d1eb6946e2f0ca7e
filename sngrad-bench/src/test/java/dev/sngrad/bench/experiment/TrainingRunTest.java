package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.data.Batch;
import dev.sngrad.data.Batcher;
import dev.sngrad.nn.Evaluation;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.optim.train.Minibatch;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a training run measures and how the protocol's choices change training. */
class TrainingRunTest {
  @Test
  void everyParameterTensorsDampingIsKeptAndWeighsUpToTheWholeNetworks() throws IOException {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    ExperimentConfig config = new ExperimentConfig(
        "embedded", List.of(8), OptimizerSpec.parse("sgd+II:0.05", 0), 0.05, 100, 2, 0, 1, false, 0, Backend.JAVA, true, 0.0);
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

      // the noise scale: per tensor and overall, averaged numerator over averaged denominator
      assertThat(m.noise().keySet()).containsExactlyElementsOf(init.asMap().keySet());
      double variance = 0;
      double squared = 0;
      for (EpochMetrics.Noise n : m.noise().values()) {
        assertThat(n.varianceSum()).isPositive();
        assertThat(n.meanSquaredNorm()).isPositive();
        assertThat(n.scale()).isCloseTo(n.varianceSum() / n.meanSquaredNorm(), within(1e-12 * n.scale()));
        variance += n.varianceSum();
        squared += n.meanSquaredNorm();
      }
      assertThat(m.noiseScale()).isCloseTo(variance / squared, within(1e-9 * m.noiseScale()));
    }
  }

  @Test
  void theEpochsNoiseScaleIsTheRatioOfTheSumsNotTheMeanOfTheRatios() {
    // steps summed per tensor: variance 2 + 1, |mean|^2 1 + 3 -> 3/4 (the tensors' ratios 2 and 1/3 average 7/6)
    Map<String, double[]> sums = new java.util.LinkedHashMap<>();
    sums.put("a", new double[] {2, 1});
    sums.put("b", new double[] {1, 3});
    assertThat(TrainingRun.noiseScale(sums)).isEqualTo(0.75);
    assertThat(TrainingRun.noiseScale(Map.of())).isNaN();
  }

  @Test
  void withoutARuleNoParameterIsListed() throws IOException {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    ExperimentConfig config = new ExperimentConfig(
        "embedded", List.of(8), OptimizerSpec.parse("sgd", 0), 0.05, 100, 1, 0, 1, false, 0, Backend.JAVA, true, 0.0);
    EpochMetrics last = trainer.run(config).result().last();
    assertThat(last.layers()).isEmpty();
    assertThat(last.noise()).isEmpty();
    assertThat(last.noiseScale()).isNaN();
  }

  private static EpochMetrics oneRun(String optimizer, double learningRate, int batchSize) throws IOException {
    ExperimentConfig config = new ExperimentConfig("embedded", List.of(16), OptimizerSpec.parse(optimizer, 0), learningRate,
        batchSize, 1, 0, 1, false, 0, Backend.JAVA, true, 0.0);
    return new TrainingRun(SmallData.embedded1000(), Progress.quiet()).run(config).result().last();
  }

  private static List<Double> figures(EpochMetrics m) {
    return List.of(m.trainLoss(), m.testLoss(), m.testAccuracy());
  }

  @Test
  void aWarmupTakesItsFirstUpdateAtTheRateOverItsLengthAndAOneStepWarmupIsNone() throws IOException {
    // one step of the whole 1000 examples: a warm-up of 3 updates takes it at 0.3 / 3
    assertThat(figures(oneRun("sgd@warmup:3", 0.3, 1000))).isEqualTo(figures(oneRun("sgd", 0.3 / 3, 1000)));
    assertThat(figures(oneRun("sgd@warmup:3", 0.3, 1000))).isNotEqualTo(figures(oneRun("sgd", 0.3, 1000)));
    // ten steps: a warm-up of one update is plain SGD, bit for bit
    assertThat(figures(oneRun("sgd@warmup:1", 0.3, 100))).isEqualTo(figures(oneRun("sgd", 0.3, 100)));
    // and with a rule in front
    assertThat(figures(oneRun("sgd+III:1@warmup:3", 0.3, 1000))).isEqualTo(figures(oneRun("sgd+III:1", 0.3 / 3, 1000)));
  }

  @Test
  void clippingToANormNoGradientReachesIsPlainSgdAndToASmallNormSlowsTraining() throws IOException {
    EpochMetrics plain = oneRun("sgd", 0.3, 100);
    assertThat(figures(oneRun("sgd@clip:1e9", 0.3, 100))).isEqualTo(figures(plain));
    EpochMetrics clipped = oneRun("sgd@clip:0.001", 0.3, 100);
    // ten steps of length at most 0.3 x 0.001 barely move the network
    assertThat(clipped.trainLoss()).isGreaterThan(plain.trainLoss());
    assertThat(clipped.testLoss()).isGreaterThan(plain.testLoss());
  }

  private static ExperimentConfig config(int epochs, boolean dropLast, double labelNoise) {
    return new ExperimentConfig("embedded", List.of(32), OptimizerSpec.parse("sgd", 0), 0.1, 300, epochs, 0, 1, false, 0,
        Backend.JAVA, dropLast, labelNoise);
  }

  @Test
  void droppingTheLastBatchTrainsOnlyFullBatchesAndTheSameSeedRepeatsTheRun() throws Exception {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    RunResult dropped = trainer.run(config(1, true, 0)).result();
    RunResult kept = trainer.run(config(1, false, 0)).result();
    // 3 steps of 300 against 3 of 300 and one of 100: the fourth step changes the weights
    assertThat(dropped.last().testLoss()).isNotEqualTo(kept.last().testLoss());
    EpochMetrics again = trainer.run(config(1, true, 0)).result().last();
    assertThat(List.of(again.trainLoss(), again.tailTrainLoss(), again.testLoss(), again.testAccuracy()))
        .isEqualTo(List.of(dropped.last().trainLoss(), dropped.last().tailTrainLoss(), dropped.last().testLoss(),
            dropped.last().testAccuracy()));
    // the tail of a 3-step epoch is its last step; of a 4-step epoch, also the last (ceil(0.8))
    assertThat(dropped.last().tailTrainLoss()).isNotNaN();
  }

  @Test
  void withEveryLabelWrongTheNetworkLearnsTheWrongClasses() throws Exception {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    double clean = trainer.run(config(3, true, 0)).result().last().testAccuracy();
    double allWrong = trainer.run(config(3, true, 1.0)).result().last().testAccuracy();
    assertThat(clean).isGreaterThan(0.5);
    // ten classes: a network fit to only-wrong labels is worse than chance on clean test labels
    assertThat(allWrong).isLessThan(0.1);
  }

  private static ExperimentConfig dropoutConfig(String optimizer, String rate) {
    return new ExperimentConfig("embedded", List.of(), OptimizerSpec.parse(optimizer, 0), 0.05, 100, 1, 0, 1, false, 0,
        Backend.JAVA, true, 0.0, "dense:32,relu,dropout:" + rate + ",dense");
  }

  @Test
  void dropoutChangesTrainingAndTheSeedReproducesItBitForBit() throws IOException {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    for (String optimizer : new String[] {"sgd", "sgd+I"}) { // the plain and the per-example path
      ExperimentConfig none = dropoutConfig(optimizer, "0.0");
      ExperimentConfig half = dropoutConfig(optimizer, "0.5");
      assertThat(trainer.initialParams(half)).isEqualTo(trainer.initialParams(none)); // dropout has no weights
      TrainingRun.Outcome a = trainer.run(half);
      TrainingRun.Outcome b = trainer.run(half);
      TrainingRun.Outcome without = trainer.run(none);
      assertThat(b.params()).as(optimizer).isEqualTo(a.params());
      assertThat(b.result().last().trainLoss()).isEqualTo(a.result().last().trainLoss());
      assertThat(b.result().last().testLoss()).isEqualTo(a.result().last().testLoss());
      assertThat(a.params()).as(optimizer).isNotEqualTo(without.params());
      // dropping half the hidden units makes the training loss (measured with dropout) higher
      assertThat(a.result().last().trainLoss()).as(optimizer).isGreaterThan(without.result().last().trainLoss());
    }
  }

  @Test
  void withTheJavaKernelTheEpochsTestMetricsAreTheBitsOfAnEvaluationOnTheDefaults() throws IOException {
    DataBundle data = SmallData.embedded1000();
    TrainingRun trainer = new TrainingRun(data, Progress.quiet());
    ExperimentConfig config = config(1, true, 0); // Backend.JAVA: the defaults' arithmetic on any thread count
    TrainingRun.Outcome outcome = trainer.run(config);

    // what evaluation computed before it ran in the run's context: Model.logits on the defaults
    Model model = new Model(trainer.network(config), Loss.softmaxCrossEntropy());
    Evaluation onDefaults = new Evaluation(model);
    for (Batch b : Batcher.builder(data.test(), data.normalization()).batchSize(1024).shuffle(false).build().epoch(0)) {
      Minibatch m = TrainingRun.minibatch(b);
      onDefaults.add(outcome.params(), m.inputs(), m.labels());
    }
    Evaluation.Result expected = onDefaults.result();
    assertThat(expected.count()).isEqualTo(500);
    assertThat(outcome.result().last().testLoss()).isEqualTo(expected.meanLoss());
    assertThat(outcome.result().last().testAccuracy()).isEqualTo(expected.accuracy());
  }
}
