package dev.sngrad.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossTest {
  private static final Tensor LOGITS = Tensor.of(new float[] {2, 0, 0, 0, 0, 1, 1, 1}, 2, 4);

  @Test
  void crossEntropyByHand() {
    Tensor l = Loss.softmaxCrossEntropy().perExample(Var.constant(LOGITS), new int[] {0, 3}).value();
    // example 0: log(e^2 + 3) - 2; example 1: log(1 + 3e) - 1
    assertThat(l.get(0)).isCloseTo((float) (Math.log(Math.exp(2) + 3) - 2), within(1e-6f));
    assertThat(l.get(1)).isCloseTo((float) (Math.log(1 + 3 * Math.E) - 1), within(1e-6f));
  }

  @Test
  void theOriginalLossIsCrossEntropyOverTheNumberOfClasses() {
    int[] labels = {0, 3};
    float mean = Loss.crossEntropyOverClasses().mean(Var.constant(LOGITS), labels).value().item();
    double expected = ((Math.log(Math.exp(2) + 3) - 2) + (Math.log(1 + 3 * Math.E) - 1)) / 2 / 4;
    assertThat(mean).isCloseTo((float) expected, within(1e-6f));
  }
}
