package dev.sngrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Activation;
import dev.sngrad.nn.layer.Dense;
import dev.sngrad.nn.loss.Loss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  @Test
  void accuracyAndMeanLossOverBatches() {
    // identity weights: the logits are the inputs themselves
    Dense dense = Dense.of("d", 3, 3, Activation.IDENTITY);
    Params p = Params.builder()
        .put("d/weight", Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3))
        .put("d/bias", Tensor.zeros(3))
        .build();
    Tensor x = Tensor.of(new float[] {5, 0, 0, 0, 5, 0, 0, 0, 5, 5, 0, 0, 0, 0, 0}, 5, 3);
    int[] labels = {0, 1, 0, 0, 2};
    Model model = new Model(dense, Loss.softmaxCrossEntropy());
    Evaluation.Result r = Evaluation.of(model, p, x, labels, 2);
    // predictions 0, 1, 2, 0, 0 (ties go to the first class): 3 of 5 correct
    assertThat(r.accuracy()).isEqualTo(0.6);
    assertThat(r.count()).isEqualTo(5);
    double right = Math.log(Math.exp(5) + 2) - 5;
    double wrong = Math.log(Math.exp(5) + 2);
    double uniform = Math.log(3);
    assertThat(r.meanLoss()).isCloseTo((3 * right + wrong + uniform) / 5, within(1e-5));
  }

  @Test
  void labelCountThatDiffersFromTheRowsIsRejectedNamingBoth() {
    Dense dense = Dense.of("d", 2, 2, Activation.IDENTITY);
    Model model = new Model(dense, Loss.softmaxCrossEntropy());
    Params p = dense.init(new SplittableRandom(1));
    Tensor x = Tensor.zeros(4, 2);
    // more labels than rows would otherwise drop the extra labels, fewer would pad with class 0
    assertThatThrownBy(() -> Evaluation.of(model, p, x, new int[] {0, 1, 0, 1, 0}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 2]")
        .hasMessageContaining("5 labels");
    assertThatThrownBy(() -> Evaluation.of(model, p, x, new int[] {0, 1, 0}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 labels");
  }
}
