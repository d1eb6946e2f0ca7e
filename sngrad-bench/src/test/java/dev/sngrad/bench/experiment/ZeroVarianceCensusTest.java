package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.checkpoint.Checkpoint;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The census on an MLP 3-4-4-2 whose weights are written out so that the causes are known: hidden
 * unit 0 of layer 1 and unit 1 of layer 2 are dead (bias -100), input 2 is 0 in every example, input
 * 1 is nonzero only where unit 1 of layer 1 is off, and every other unit is on for every example
 * (bias 3 against pre-activations of at most about 1 from the weights).
 */
class ZeroVarianceCensusTest {
  private static Params params() {
    return Params.builder()
        .put("dense1/weight", Tensor.of(Shape.of(3, 4), new float[] {
            0.5f, 5, 0.2f, -0.1f, // input 0 (s): unit 1 is on exactly where s > 0
            0.3f, 0, -0.2f, 0.1f, // input 1 (t): nonzero only where s < 0
            0.7f, 0.4f, 0.3f, 0.2f})) // input 2: always 0
        .put("dense1/bias", Tensor.of(Shape.of(4), new float[] {-100, 0, 3, 3}))
        .put("dense2/weight", Tensor.of(Shape.of(4, 4), new float[] {
            0.1f, 0.2f, 0.3f, 0.4f,
            0.05f, 0.1f, -0.05f, 0.02f,
            0.05f, 0.1f, 0.05f, -0.05f,
            -0.05f, 0.1f, 0.05f, 0.05f}))
        .put("dense2/bias", Tensor.of(Shape.of(4), new float[] {3, -100, 3, 3}))
        .put("dense3/weight", Tensor.of(Shape.of(4, 2), new float[] {0.3f, -0.3f, 0.2f, 0.1f, -0.4f, 0.5f, 0.1f, 0.2f}))
        .put("dense3/bias", Tensor.of(Shape.of(2), new float[] {0, 0}))
        .build();
  }

  @Test
  void attributesEveryZeroVarianceParameterToItsCause() {
    SplittableRandom rng = new SplittableRandom(4);
    int examples = 64;
    float[] x = new float[examples * 3];
    int[] labels = new int[examples];
    for (int i = 0; i < examples; i++) {
      float s = (float) rng.nextGaussian();
      x[3 * i] = s;
      x[3 * i + 1] = s < 0 ? (float) rng.nextGaussian() : 0;
      labels[i] = rng.nextInt(2);
    }
    ZeroVarianceCensus.Census c = ZeroVarianceCensus.of(params(), Tensor.of(Shape.of(examples, 3), x), labels);

    assertThat(c.deadUnits()).hasSize(2);
    assertThat(c.deadUnits().get(0)).containsExactly(true, false, false, false);
    assertThat(c.deadUnits().get(1)).containsExactly(false, true, false, false);
    // dense1/weight [3, 4]: column 0 into the dead unit (3); row 2, the zero input (3 more);
    // t -> unit 1, never on together (1)
    assertThat(c.rows().get(0)).isEqualTo(new ZeroVarianceCensus.Row("dense1/weight", 12, 7, 3, 0, 3, 1, 0));
    assertThat(c.rows().get(1)).isEqualTo(new ZeroVarianceCensus.Row("dense1/bias", 4, 1, 1, 0, 0, 0, 0));
    // dense2/weight [4, 4]: column 1 into the dead unit (4), row 0 out of layer 1's dead unit (3 more)
    assertThat(c.rows().get(2)).isEqualTo(new ZeroVarianceCensus.Row("dense2/weight", 16, 7, 4, 3, 0, 0, 0));
    assertThat(c.rows().get(3)).isEqualTo(new ZeroVarianceCensus.Row("dense2/bias", 4, 1, 1, 0, 0, 0, 0));
    // dense3/weight [4, 2]: row 1 out of layer 2's dead unit
    assertThat(c.rows().get(4)).isEqualTo(new ZeroVarianceCensus.Row("dense3/weight", 8, 2, 0, 2, 0, 0, 0));
    assertThat(c.rows().get(5)).isEqualTo(new ZeroVarianceCensus.Row("dense3/bias", 2, 0, 0, 0, 0, 0, 0));
    assertThat(c.elements()).isEqualTo(46);
    assertThat(c.zeroVariance()).isEqualTo(18);
    assertThat(ZeroVarianceCensus.markdown(c)).contains("| all | 46 | 18 | 9 | 5 | 3 | 1 | 0 |").contains("39.13%");
  }

  @Test
  void namesTheExpectedParametersWhenTheyAreNotAnMlps() {
    Params p = Params.builder().put("conv/kernel", Tensor.zeros(3)).put("conv/bias", Tensor.zeros(1)).build();
    assertThatThrownBy(() -> ZeroVarianceCensus.of(p, Tensor.zeros(2, 3), new int[] {0, 1}))
        .hasMessageContaining("dense1/weight").hasMessageContaining("conv/kernel");
  }

  @Test
  void refusesACheckpointOfAnotherNetworkByItsModelText() throws IOException {
    Params p = Params.builder().put("dense1/weight", Tensor.zeros(3, 2)).put("dense1/bias", Tensor.zeros(2)).build();
    String cnn = "{\"model\" : \"conv:4k3p1,relu,gap,dense\"}";
    assertThatThrownBy(() -> ZeroVarianceCensus.mlpParams(Checkpoint.of(p, Params.empty(), ImmutableMap.of("config", cnn)), "run/final.ckpt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run/final.ckpt").hasMessageContaining("conv:4k3p1,relu,gap,dense").hasMessageContaining("ReLU MLPs");
    // dense layers with tanh have dense1... names too, but the census's causes assume ReLU
    String tanh = "{\"model\" : \"dense:2,tanh,dense\"}";
    assertThatThrownBy(() -> ZeroVarianceCensus.mlpParams(Checkpoint.of(p, Params.empty(), ImmutableMap.of("config", tanh)), "t.ckpt"))
        .hasMessageContaining("dense:2,tanh,dense");
    String mlp = "{\"model\" : \"mlp:2\"}";
    assertThat(ZeroVarianceCensus.mlpParams(Checkpoint.of(p, Params.empty(), ImmutableMap.of("config", mlp)), "m.ckpt")).isEqualTo(p);
    // written before --model existed: no model, an MLP
    assertThat(ZeroVarianceCensus.mlpParams(Checkpoint.of(p, Params.empty(), ImmutableMap.of()), "old.ckpt")).isEqualTo(p);
  }
}
