package dev.sngrad.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Evaluation;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model, loss, optimizer chain and batches wired together: an MLP learns a synthetic
 * classification problem (four Gaussian clusters in 10 dimensions, centres 3 apart, unit noise)
 * to more than 95% held-out accuracy with plain SGD and with each sngrad rule, from the same
 * initial weights.
 */
class EndToEndTrainingTest {
  private static final int FEATURES = 10;
  private static final int CLASSES = 4;

  private record Data(Tensor inputs, int[] labels) {
    Minibatch batch(int from, int to) {
      return new Minibatch(inputs.slice(from, to), Arrays.copyOfRange(labels, from, to));
    }
  }

  private static Data clusters(int examples, long seed) {
    SplittableRandom centres = new SplittableRandom(99);
    float[][] mean = new float[CLASSES][FEATURES];
    for (float[] m : mean) {
      for (int j = 0; j < FEATURES; j++) {
        m[j] = (float) (centres.nextBoolean() ? 1.5 : -1.5);
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor noise = Tensor.normal(Shape.of(examples, FEATURES), 1f, rng);
    float[] x = noise.toArray();
    int[] labels = new int[examples];
    for (int i = 0; i < examples; i++) {
      labels[i] = rng.nextInt(CLASSES);
      for (int j = 0; j < FEATURES; j++) {
        x[i * FEATURES + j] += mean[labels[i]][j];
      }
    }
    return new Data(Tensor.of(Shape.of(examples, FEATURES), x), labels);
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("sgd", Optimizers.sgd(0.1)),
        Arguments.of("sgd+I", Optimizers.sgdSnr(0.1, SnrRule.I, 1.0)),
        Arguments.of("sgd+II", Optimizers.sgdSnr(0.1, SnrRule.II, 0.05)),
        Arguments.of("sgd+III", Optimizers.sgdSnr(0.1, SnrRule.III, 0.1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void reachesNinetyFivePercentHeldOutAccuracy(String name, GradientTransform<?> optimizer) {
    Sequential mlp = Mlp.of(FEATURES, 32, CLASSES);
    Model model = new Model(mlp, Loss.softmaxCrossEntropy());
    Data train = clusters(2048, 1);
    Data test = clusters(1024, 2);
    Params init = mlp.init(0); // identical initial weights for every optimizer

    double[] mostDamped = {0};
    TrainingSession session = TrainingSession.start(TrainStep.of(model.exampleLoss(Phase.inference()), optimizer), init);
    for (int epoch = 0; epoch < 5; epoch++) {
      for (int from = 0; from < 2048; from += 64) {
        TrainingSession.Report report = session.step(train.batch(from, from + 64));
        report.diagnostics().ifPresent(d -> mostDamped[0] = Math.max(mostDamped[0], d.dampedFraction()));
      }
    }

    Evaluation.Result result = Evaluation.of(model, session.params(), test.inputs(), test.labels(), 256);
    System.out.printf("%s: held-out accuracy %.4f, largest share damped in a step %.3f%n", name, result.accuracy(), mostDamped[0]);
    assertThat(result.accuracy()).as("%s: %s", name, result).isGreaterThan(0.95);
    if (optimizer.needsGradientStats()) {
      // the rule really acted: in some step it damped a part of the parameters
      assertThat(mostDamped[0]).as("%s: largest share of parameters damped in a step", name).isGreaterThan(0.05);
    }
  }
}
