package dev.sngrad.optim.extending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.extending.ExtendingGuide;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.Transforms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskLowSignalToNoiseTest {
  @Test
  void masksElementsWhoseSpreadExceedsTheirMeanAndComposesInAChain() {
    Params grad = Params.builder().put("w", Tensor.vector(1f, 1f, -2f, 0.5f)).build();
    // sigma = 0.5, 2, 1, 0: with k = 1 the second element (|1| < 2) is masked
    Params variance = Params.builder().put("w", Tensor.vector(0.25f, 4f, 1f, 0f)).build();
    GradientStats stats = new GradientStats(grad, variance, 16);

    // [extending:rule-use]
    GradientTransform<ChainState> optimizer =
        Transforms.chain(new MaskLowSignalToNoise(1.0), Transforms.scaleByLearningRate(0.1));
    // [extending:rule-use]
    Update<ChainState> update = optimizer.update(grad, optimizer.init(grad), StepContext.withStats(grad, stats, 0));

    assertThat(optimizer.needsGradientStats()).isTrue();
    assertThat(update.updates().get("w").toArray()).containsExactly(-0.1f, -0f, 0.2f, -0.05f);
    assertThatThrownBy(() -> optimizer.update(grad, optimizer.init(grad), StepContext.of(grad, 0)))
        .hasMessageContaining("PerExample.gradStats");
  }

  @Test
  void theBlockwiseVersionGivesTheSameStepsAndRunsInOnePass() {
    SplittableRandom rng = new SplittableRandom(3);
    Params grad = Params.builder().put("w", Tensor.normal(Shape.of(5000), 1f, rng)).build();
    float[] squares = Tensor.normal(Shape.of(5000), 1f, rng).toArray();
    for (int j = 0; j < squares.length; j++) {
      squares[j] *= squares[j];
    }
    Params variance = Params.builder().put("w", Tensor.of(Shape.of(5000), squares)).build();
    GradientStats stats = new GradientStats(grad, variance, 16);
    GradientTransform<ChainState> general =
        Transforms.chain(new MaskLowSignalToNoise(1.0), Transforms.scaleByLearningRate(0.1));
    // [extending:rule-elementwise-use]
    GradientTransform<ChainState> optimizer =
        Transforms.chain(new MaskLowSignalToNoiseBlockwise(1.0), Transforms.scaleByLearningRate(0.1));
    assertThat(optimizer).isInstanceOf(ElementwiseTransform.class); // fused with the learning rate
    // [extending:rule-elementwise-use]
    StepContext ctx = StepContext.withStats(grad, stats, 0);
    assertThat(optimizer.update(grad, optimizer.init(grad), ctx).updates())
        .isEqualTo(general.update(grad, general.init(grad), ctx).updates());
    assertThat(optimizer.needsGradientStats()).isTrue();
    assertThatThrownBy(() -> optimizer.update(grad, optimizer.init(grad), StepContext.of(grad, 0)))
        .hasMessageContaining("PerExample.gradStats");
  }

  @Test
  void theGuideShowsThisCode() throws IOException {
    Path dir = Path.of("src/test/java/dev/sngrad/optim/extending");
    ExtendingGuide.assertGuideShows(dir.resolve("MaskLowSignalToNoise.java"), "rule");
    ExtendingGuide.assertGuideShows(dir.resolve("MaskLowSignalToNoiseTest.java"), "rule-use");
    ExtendingGuide.assertGuideShows(dir.resolve("MaskLowSignalToNoiseBlockwise.java"), "rule-elementwise");
    ExtendingGuide.assertGuideShows(dir.resolve("MaskLowSignalToNoiseTest.java"), "rule-elementwise-use");
  }
}
