package dev.sngrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Activation;
import dev.sngrad.nn.layer.Dense;
import dev.sngrad.nn.layer.Dropout;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void dropoutWorksUnderThePerExampleTransform() {
    Sequential net = Sequential.of("net", List.of(
        Dense.of("dense1", 8, 16, Activation.RELU), new Dropout("drop", 0.5), Dense.of("dense2", 16, 4, Activation.IDENTITY)));
    Model model = new Model(net, Loss.softmaxCrossEntropy());
    Params params = net.init(1);
    Tensor x = Tensor.normal(Shape.of(6, 8), 1f, new SplittableRandom(2));
    int[] labels = {0, 1, 2, 3, 0, 1};
    ExampleLoss loss = model.exampleLoss(Phase.training(77));

    Params perExample = PerExample.of(loss).grad(params, x, labels);
    // the same phase draws the same mask for the same batch shape, so the per-example gradients
    // must sum to the gradient of the summed loss
    Params total = Grad.of(p -> Ops.sum(loss.apply(p, Var.constant(x), labels))).apply(params);
    for (String name : params.asMap().keySet()) {
      Tensor g = perExample.get(name);
      int size = g.size() / 6;
      for (int j = 0; j < size; j++) {
        double s = 0;
        for (int i = 0; i < 6; i++) {
          s += g.getFlat(i * size + j);
        }
        assertThat(s).as("%s[%s]", name, j).isCloseTo(total.get(name).getFlat(j), org.assertj.core.data.Offset.offset(1e-5));
      }
    }
    PerExample.LossAndStats stats = PerExample.of(loss).lossAndGradStats(params, x, labels);
    assertThat(stats.materialized()).as("dense layers keep the fused path behind dropout").isEmpty();
  }

  private static final Sequential DROPOUT_NET = Sequential.of("net", List.of(
      Dense.of("dense1", 8, 16, Activation.RELU), new Dropout("drop", 0.5), Dense.of("dense2", 16, 4, Activation.IDENTITY)));

  @Test
  void perExampleGradientsAreTheSameForEveryChunkSizeAndAverageToThePlainGradient() {
    Model model = new Model(DROPOUT_NET, Loss.softmaxCrossEntropy());
    Params params = DROPOUT_NET.init(3);
    int batch = 7;
    Tensor x = Tensor.normal(Shape.of(batch, 8), 1f, new SplittableRandom(4));
    int[] labels = {0, 1, 2, 3, 0, 1, 2};
    ExampleLoss loss = model.trainingLoss(5, 11);
    Params plain = Grad.of(p -> Ops.mean(loss.apply(p, Var.constant(x), labels))).apply(params);
    Params whole = PerExample.of(loss).grad(params, x, labels);
    for (int chunk : new int[] {1, 3, 4}) {
      Params chunked = PerExample.of(loss).withChunkSize(chunk).grad(params, x, labels);
      for (String name : params.asMap().keySet()) {
        assertThat(chunked.get(name).shape()).isEqualTo(whole.get(name).shape());
        for (int j = 0; j < whole.get(name).size(); j++) {
          assertThat(chunked.get(name).getFlat(j)).as("chunk %s: %s[%s]", chunk, name, j)
              .isCloseTo(whole.get(name).getFlat(j), org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
      Params mean = PerExample.of(loss).withChunkSize(chunk).gradStats(params, x, labels).mean();
      for (String name : params.asMap().keySet()) {
        for (int j = 0; j < plain.get(name).size(); j++) {
          assertThat((double) mean.get(name).getFlat(j)).as("chunk %s: mean %s[%s]", chunk, name, j)
              .isCloseTo(plain.get(name).getFlat(j), org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
    // the masks are active: without them (inference) the plain gradient differs
    Params inference = Grad.of(p -> Ops.mean(model.exampleLoss(Phase.inference()).apply(p, Var.constant(x), labels)))
        .apply(params);
    assertThat(inference.get("dense1/weight")).isNotEqualTo(plain.get("dense1/weight"));
  }

  @Test
  void everyStepDrawsFreshMasksAndTheSameSeedDrawsThemAgain() {
    Model model = new Model(DROPOUT_NET, Loss.softmaxCrossEntropy());
    Params params = DROPOUT_NET.init(3);
    Var x = Var.constant(Tensor.normal(Shape.of(5, 8), 1f, new SplittableRandom(4)));
    int[] labels = {0, 1, 2, 3, 0};
    Vars p = Vars.constants(params);
    Tensor step0 = model.trainingLoss(5, 0).apply(p, x, labels).value();
    assertThat(model.trainingLoss(5, 0).apply(p, x, labels).value()).isEqualTo(step0);
    assertThat(model.trainingLoss(5, 1).apply(p, x, labels).value()).isNotEqualTo(step0);
    assertThat(model.trainingLoss(6, 0).apply(p, x, labels).value()).isNotEqualTo(step0);
  }

  @Test
  void evaluationRunsInInferencePhase() {
    Model model = new Model(DROPOUT_NET, Loss.softmaxCrossEntropy());
    Params params = DROPOUT_NET.init(3);
    Tensor x = Tensor.normal(Shape.of(5, 8), 1f, new SplittableRandom(4));
    Vars p = Vars.constants(params);
    Tensor inference = DROPOUT_NET.apply(p, Var.constant(x), Phase.inference()).value();
    assertThat(model.logits(params, x)).isEqualTo(inference);
    assertThat(DROPOUT_NET.apply(p, Var.constant(x), Phase.training(1)).value()).isNotEqualTo(inference);
  }

  @Test
  void withoutDropoutTrainingAndInferenceGiveTheSameBits() {
    Sequential mlp = dev.sngrad.nn.layer.Mlp.of(8, 16, 4);
    Model model = new Model(mlp, Loss.softmaxCrossEntropy());
    Params params = mlp.init(3);
    Var x = Var.constant(Tensor.normal(Shape.of(5, 8), 1f, new SplittableRandom(4)));
    int[] labels = {0, 1, 2, 3, 0};
    Vars p = Vars.constants(params);
    assertThat(model.trainingLoss(5, 2).apply(p, x, labels).value())
        .isEqualTo(model.exampleLoss(Phase.inference()).apply(p, x, labels).value());
  }
}
