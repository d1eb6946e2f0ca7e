package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network of a run: how it is named in keys and records, old and new. */
class ExperimentConfigTest {
  private static final OptimizerSpec SGD = OptimizerSpec.parse("sgd", 0);

  private static ExperimentConfig config(String dataset, List<Integer> hidden, String model) {
    return new ExperimentConfig(dataset, hidden, SGD, 0.05, 128, 15, 0, 1, false, 0, Backend.JAVA, true, 0, model);
  }

  @Test
  void aRecordWrittenBeforeModelsExistedLoadsAsItsMlpAndKeepsItsLedgerName() throws Exception {
    // the config of results/study-main-grid-extension/.../mnist_h512-512_sgd+III_alpha=1.0__lr2.87478_b256_e1_s0.json
    String json = "{\"dataset\": \"mnist\", \"hidden\": [512, 512], \"optimizer\": {\"base\": \"SGD\", \"rule\": \"III\","
        + " \"alpha\": 1.0, \"epsilon\": 0.0}, \"learningRate\": 2.8747763105055433, \"batchSize\": 256, \"epochs\": 1,"
        + " \"seed\": 0, \"threads\": 1, \"augment\": false, \"validation\": 0, \"backend\": \"JAVA\"}";
    ExperimentConfig old = new ObjectMapper().readValue(json, ExperimentConfig.class);
    assertThat(old.model()).isEqualTo("mlp:512,512");
    assertThat(old.hidden()).containsExactly(512, 512);
    assertThat(old.key()).isEqualTo("mnist_h512-512_sgd+III_alpha=1.0__lr2.87478_b256_e1_s0");
  }

  @Test
  void everyWayOfNamingTheMlpGivesTheSameConfigAndKey() {
    ExperimentConfig fromHidden = config("mnist", List.of(512, 512), null);
    assertThat(fromHidden.key()).isEqualTo("mnist_h512-512_sgd_lr0.0500000_b128_e15_s0_droplast");
    assertThat(config("mnist", List.of(), "mlp:512,512")).isEqualTo(fromHidden);
    assertThat(config("mnist", List.of(512, 512), "mlp:512,512")).isEqualTo(fromHidden);
    assertThat(config("mnist", List.of(), "dense:512,relu,dense:512,relu,dense")).isEqualTo(fromHidden);
    assertThat(new ExperimentConfig("mnist", List.of(512, 512), SGD, 0.05, 128, 15, 0, 1, false, 0, Backend.JAVA, true, 0))
        .isEqualTo(fromHidden);
  }

  @Test
  void otherNetworksAreNamedByTheirModelAndRoundTripThroughJson() throws Exception {
    ExperimentConfig cnn = config("cifar10", List.of(), "cnn-small");
    assertThat(cnn.hidden()).isEmpty();
    assertThat(cnn.key()).isEqualTo("cifar10_cnn-small_sgd_lr0.0500000_b128_e15_s0_droplast");
    ExperimentConfig custom = config("mnist", List.of(), "dense:64,relu,dropout:0.5,dense");
    assertThat(custom.key()).isEqualTo("mnist_dense_64_relu_dropout_0.5_dense_sgd_lr0.0500000_b128_e15_s0_droplast");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(json.writeValueAsString(cnn), ExperimentConfig.class)).isEqualTo(cnn);
    assertThat(json.readValue(json.writeValueAsString(custom), ExperimentConfig.class)).isEqualTo(custom);
    assertThat(cnn.withSeed(3).model()).isEqualTo("cnn-small");
  }

  @Test
  void contradictoryOrUnreadableNetworksAreRefused() {
    assertThatThrownBy(() -> config("mnist", List.of(128), "mlp:512,512"))
        .hasMessageContaining("hidden widths [128] and model 'mlp:512,512' describe different networks");
    assertThatThrownBy(() -> config("mnist", List.of(128), "cnn-small")).hasMessageContaining("describe different networks");
    assertThatThrownBy(() -> config("mnist", List.of(), "dense:64,reluu,dense")).hasMessageContaining("bad token 'reluu'");
  }
}
