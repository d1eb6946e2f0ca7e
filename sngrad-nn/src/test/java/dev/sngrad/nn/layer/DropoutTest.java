package dev.sngrad.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {
  private final Dropout dropout = new Dropout("drop", 0.25);
  private final Tensor ones = dev.sngrad.autodiff.tensor.Tensor.full(dev.sngrad.autodiff.tensor.Shape.of(200, 100), 1f);

  @Test
  void inferenceIsTheIdentity() {
    assertThat(dropout.apply(null, Var.constant(ones), Phase.inference()).value()).isEqualTo(ones);
  }

  @Test
  void trainingKeepsAboutThreeQuartersScaledUpAndIsReproducible() {
    Tensor a = dropout.apply(null, Var.constant(ones), Phase.training(9)).value();
    Tensor b = dropout.apply(null, Var.constant(ones), Phase.training(9)).value();
    Tensor c = dropout.apply(null, Var.constant(ones), Phase.training(10)).value();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    int kept = 0;
    for (float v : TensorArrays.data(a)) {
      assertThat(v).isIn(0f, 1f / 0.75f);
      kept += v == 0f ? 0 : 1;
    }
    // 20,000 Bernoulli(0.75) draws: sd of the count is sqrt(20000 * 0.75 * 0.25) = 61
    assertThat(kept).isBetween(15000 - 300, 15000 + 300);
  }

  @Test
  void anExampleDrawsItsMaskByItsIndexInTheWholeBatchNotByItsChunk() {
    Tensor whole = dropout.apply(null, Var.constant(ones), Phase.training(9)).value();
    Tensor tail = dropout.apply(null, Var.constant(ones.slice(150, 200)), Phase.training(9).slice(150)).value();
    assertThat(tail).isEqualTo(whole.slice(150, 200));
    // a slice that forgets its offset draws the masks of the batch's first examples instead
    Tensor unshifted = dropout.apply(null, Var.constant(ones.slice(150, 200)), Phase.training(9)).value();
    assertThat(unshifted).isEqualTo(whole.slice(0, 50));
    assertThat(unshifted).isNotEqualTo(tail);
  }

  @Test
  void examplesAndLayersGetMasksOfTheirOwn() {
    Tensor a = dropout.apply(null, Var.constant(ones), Phase.training(9)).value();
    assertThat(a.slice(0, 1).reshape(Shape.of(100))).isNotEqualTo(a.slice(1, 2).reshape(Shape.of(100)));
    Tensor other = new Dropout("drop2", 0.25).apply(null, Var.constant(ones), Phase.training(9)).value();
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void stepSeedsDifferBetweenStepsAndRuns() {
    assertThat(Phase.stepSeed(1, 0)).isEqualTo(Phase.stepSeed(1, 0));
    assertThat(Phase.stepSeed(1, 0)).isNotEqualTo(Phase.stepSeed(1, 1));
    assertThat(Phase.stepSeed(1, 0)).isNotEqualTo(Phase.stepSeed(2, 0));
    assertThat(Phase.trainingStep(1, 3)).isEqualTo(Phase.training(Phase.stepSeed(1, 3)));
  }
}
