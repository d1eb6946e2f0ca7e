package dev.sngrad.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.init.Initializer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseAndMlpTest {
  @Test
  void heNormalHasTheStatedMeanAndStd() {
    Tensor w = Initializer.heNormal().weight(784, 512, new SplittableRandom(0));
    assertThat(w.shape()).isEqualTo(Shape.of(784, 512));
    assertMeanZeroAndHeStd(w, 784); // std 0.0505 over 401,408 values
  }

  /**
   * Asserts that the sample mean of {@code w} is within five standard errors of 0 ({@code
   * std/sqrt(n)}) and its sample std within five of {@code sqrt(2 / fanIn)} ({@code
   * std/sqrt(2n)}).
   */
  static void assertMeanZeroAndHeStd(Tensor w, int fanIn) {
    double sum = 0;
    double sumSq = 0;
    for (float v : TensorArrays.data(w)) {
      sum += v;
      sumSq += (double) v * v;
    }
    int n = w.size();
    double mean = sum / n;
    double std = Math.sqrt(sumSq / n - mean * mean);
    double expectedStd = Math.sqrt(2.0 / fanIn);
    assertThat(mean).isBetween(-5 * expectedStd / Math.sqrt(n), 5 * expectedStd / Math.sqrt(n));
    assertThat(std).isBetween(expectedStd - 5 * expectedStd / Math.sqrt(2.0 * n), expectedStd + 5 * expectedStd / Math.sqrt(2.0 * n));
  }

  @Test
  void glorotUniformStaysWithinItsLimit() {
    Tensor w = Initializer.glorotUniform().weight(30, 20, new SplittableRandom(1));
    float limit = (float) Math.sqrt(6.0 / 50);
    for (float v : TensorArrays.data(w)) {
      assertThat(v).isBetween(-limit, limit);
    }
  }

  @Test
  void theSameSeedGivesBitIdenticalParameters() {
    Sequential mlp = Mlp.of(784, 512, 512, 10);
    Params a = mlp.init(42);
    Params b = mlp.init(42);
    Params c = mlp.init(43);
    assertThat(a).isEqualTo(b);
    assertThat(a.get("dense1/weight")).isNotEqualTo(c.get("dense1/weight"));
    assertThat(a.asMap().keySet()).containsExactly(
        "dense1/weight", "dense1/bias", "dense2/weight", "dense2/bias", "dense3/weight", "dense3/bias");
    assertThat(a.get("dense2/bias")).isEqualTo(Tensor.zeros(512));
    assertThat(a.totalSize()).isEqualTo(784L * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10);
  }

  @Test
  void namesMustBeUnique() {
    assertThatThrownBy(() -> Sequential.of("net", List.of(
        Dense.of("dense1", 2, 3, Activation.RELU), Dense.of("dense1", 3, 2, Activation.IDENTITY))))
        .hasMessageContaining("'dense1' is used twice");
  }

  @Test
  void everyActivationAndTheWholeMlpPassTheGradientCheck() {
    int[] labels = {0, 2, 1, 2};
    for (Activation a : Activation.values()) {
      Sequential net = Sequential.of("net", List.of(Dense.of("d1", 6, 5, a), Dense.of("d2", 5, 3, Activation.IDENTITY)));
      // Central differences are meaningless across the kink of relu: draw inputs until every
      // first-layer pre-activation is at least 0.05 away from 0 (a step of 1e-3 moves them < 0.01).
      for (long seed = 0; ; seed++) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Tensor.normal(Shape.of(4, 6), 1f, rng);
        Params at = net.init(7).map(t -> t.shape().rank() == 1 ? Tensor.normal(t.shape(), 0.3f, rng) : t);
        Tensor pre = Ops.biasAdd(Ops.matmul(Var.constant(x), Var.constant(at.get("d1/weight"))), Var.constant(at.get("d1/bias"))).value();
        boolean nearKink = false;
        for (float v : TensorArrays.data(pre)) {
          nearKink |= Math.abs(v) < 0.05f;
        }
        if (nearKink) {
          continue;
        }
        GradCheck.Result r = GradCheck.directional(
            p -> Ops.softmaxCrossEntropy(net.apply(p, Var.constant(x), Phase.inference()), labels),
            at, GradCheck.Options.defaults());
        assertThat(r.passed()).as("%s: %s", a, r).isTrue();
        break;
      }
    }
  }

  @Test
  void flattenKeepsTheExampleAxis() {
    Tensor x = Tensor.zeros(3, 2, 4);
    assertThat(new Flatten("flat").apply(null, Var.constant(x), Phase.inference()).shape())
        .isEqualTo(Shape.of(3, 8));
  }
}
