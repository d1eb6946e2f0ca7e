package example.rule;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.data.Batch;
import dev.sngrad.data.Batcher;
import dev.sngrad.data.Normalization;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.nn.Evaluation;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import dev.sngrad.optim.transform.Transforms;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Trains a 784-32-10 network on the Fashion-MNIST subset shipped in sngrad-data for one epoch with
 * sngrad's {@link TrainingSession}, twice from the same initial weights and batches: with rule III
 * alone, and with the sign-agreement damping in front of it in the same optimizer chain. Prints
 * test accuracy and how much the new rule damped.
 */
public final class CustomRuleTraining {
  static final int BATCH_SIZE = 128;
  static final double LEARNING_RATE = 0.1;

  private CustomRuleTraining() {}

  /**
   * The optimizer: rule III ({@code alpha = 1}) and the learning rate, with the sign-agreement
   * damping in front when {@code withSignAgreement}.
   *
   * @param withSignAgreement whether the chain holds {@link DampBySignAgreement}
   * @param learningRate the step size
   * @return the chain
   */
  static GradientTransform<?> optimizer(boolean withSignAgreement, double learningRate) {
    return withSignAgreement
        ? Transforms.chain(new DampBySignAgreement(), Transforms.scaleBySignalToNoise(SnrRule.III, 1.0),
            Transforms.scaleByLearningRate(learningRate))
        : Transforms.chain(Transforms.scaleBySignalToNoise(SnrRule.III, 1.0),
            Transforms.scaleByLearningRate(learningRate));
  }

  public static void main(String[] args) throws IOException {
    TrainTest data = FashionMnist.embeddedSubset();
    Normalization normalization = Normalization.fromTraining(data.train());
    Batcher train = Batcher.builder(data.train(), normalization).batchSize(BATCH_SIZE).seed(1).build();
    Batch test = Batcher.builder(data.test(), normalization).batchSize(data.test().size()).shuffle(false).build()
        .batch(0, 0);
    Model model = new Model(Mlp.of(784, 32, 10), Loss.softmaxCrossEntropy());
    Params initial = model.network().init(new SplittableRandom(7));
    System.out.printf("Fashion-MNIST subset: %d training and %d test images; one epoch of %d steps, batch %d%n",
        data.train().size(), data.test().size(), train.batchesPerEpoch(), BATCH_SIZE);

    for (boolean withSignAgreement : new boolean[] {false, true}) {
      TrainStep step = TrainStep.of(model.exampleLoss(Phase.training(0)), optimizer(withSignAgreement, LEARNING_RATE));
      long start = System.nanoTime();
      TrainingSession session = TrainingSession.start(step, initial);
      double agreementSum = 0;
      for (Batch batch : train.epoch(0)) {
        TrainingSession.Report report = session.step(new Minibatch(tensor(batch), batch.labels()));
        agreementSum += report.aux().first(DampBySignAgreement.Report.class)
            .map(DampBySignAgreement.Report::meanAgreement).orElse(0.0);
      }
      Evaluation.Result result = Evaluation.of(model, session.params(), tensor(test), test.labels(), 500);
      System.out.printf("%-34s test accuracy %5.2f%%, test loss %.4f, mean agreement factor %s (%.1f s)%n",
          withSignAgreement ? "rule III + sign-agreement damping" : "rule III (alpha 1)",
          100 * result.accuracy(), result.meanLoss(),
          withSignAgreement ? String.format("%.3f", agreementSum / session.steps()) : "  -  ",
          (System.nanoTime() - start) / 1e9);
    }
  }

  static Tensor tensor(Batch batch) {
    return Tensor.of(Shape.of(batch.shape()), batch.inputs());
  }
}
