package dev.sngrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
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
}
