package dev.sngrad.nn.extending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.extending.ExtendingGuide;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Activation;
import dev.sngrad.nn.layer.Dense;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScaleTest {
  // [extending:layer-use]
  Sequential net = Sequential.of("net", List.of(
      Dense.of("dense1", 6, 8, Activation.TANH), new Scale("scale1", 8), Dense.of("dense2", 8, 3, Activation.IDENTITY)));
  Model model = new Model(net, Loss.softmaxCrossEntropy());
  // [extending:layer-use]

  @Test
  void theGuidesLayerHasCorrectGradientsAndPerExampleStatistics() {
    SplittableRandom rng = new SplittableRandom(3);
    Params params = net.init(1).map(t -> Tensor.normal(t.shape(), 0.5f, rng));
    Tensor x = Tensor.normal(Shape.of(5, 6), 1f, rng);
    int[] labels = {0, 1, 2, 1, 0};
    ExampleLoss loss = model.exampleLoss(Phase.inference());

    GradCheck.Result r = GradCheck.directional(p -> loss.apply(p, Var.constant(x), labels), params, GradCheck.Options.defaults());
    assertThat(r.passed()).as(r.toString()).isTrue();

    PerExample.LossAndStats stats = PerExample.of(loss).lossAndGradStats(params, x, labels);
    // the scale meets the examples through mul, which has no fused moments: it is materialized
    assertThat(stats.materialized()).containsExactly("scale1/scale");
    Params mean = Grad.of(p -> Ops.mean(loss.apply(p, Var.constant(x), labels))).apply(params);
    for (String name : params.asMap().keySet()) {
      for (int j = 0; j < mean.get(name).size(); j++) {
        assertThat(stats.stats().mean().get(name).getFlat(j))
            .isCloseTo(mean.get(name).getFlat(j), org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  @Test
  void theGuideShowsThisCode() throws IOException {
    Path dir = Path.of("src/test/java/dev/sngrad/nn/extending");
    ExtendingGuide.assertGuideShows(dir.resolve("Scale.java"), "layer");
    ExtendingGuide.assertGuideShows(dir.resolve("ScaleTest.java"), "layer-use");
  }
}
