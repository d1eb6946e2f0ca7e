package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyConfigTest {
  @TempDir Path dir;

  private StudyConfig read(String extra) throws IOException {
    Path file = dir.resolve("study.yaml");
    Files.writeString(file, String.join("\n",
        "datasets: [mnist, embedded]", "model: mlp:8", "batchSizes: [128]", "optimizers: [sgd, \"sgd+II:0.05\"]",
        "epochs: 1", "seeds: 1", "lrMin: 0.05", "lrMax: 0.05", "lrPoints: 1", "searchEpochs: 1", "augment: false",
        "validation: 0", extra, ""));
    return StudyConfig.read(file);
  }

  @Test
  void extraOptimizersFollowTheSharedOnesOnTheirDatasetOnly() throws IOException {
    StudyConfig study = read("extraOptimizers: {mnist: [\"sgd+I:100\", \"sgd@clip:1\"]}");

    assertThat(study.optimizers("mnist")).containsExactly("sgd", "sgd+II:0.05", "sgd+I:100", "sgd@clip:1");
    assertThat(study.optimizers("embedded")).containsExactly("sgd", "sgd+II:0.05");
    assertThat(study.settings("mnist", 1, Backend.JAVA).optimizers()).extracting(OptimizerSpec::label)
        .containsExactly("sgd", "sgd+II(alpha=0.05)", "sgd+I(alpha=100.0)", "sgd@clip(1.0)");
    assertThat(study.settings("embedded", 1, Backend.JAVA).optimizers()).hasSize(2);
  }

  @Test
  void withoutExtraOptimizersEveryDatasetHasTheSharedList() throws IOException {
    StudyConfig study = read("");

    assertThat(study.optimizers("mnist")).isEqualTo(study.optimizers()).containsExactly("sgd", "sgd+II:0.05");
    assertThat(study.extraOptimizers()).isEmpty();
  }

  @Test
  void extraOptimizersOfAnotherDatasetOrRepeatingOneAreRefused() {
    assertThatThrownBy(() -> read("extraOptimizers: {cifar10: [\"sgd+I:100\"]}"))
        .hasMessageContaining("extraOptimizers names cifar10, which is not one of the study's datasets [mnist, embedded]");
    // the same optimizer however it is spelled: rule II's default alpha is 0.05
    assertThatThrownBy(() -> read("extraOptimizers: {mnist: [\"sgd+II\"]}"))
        .hasMessageContaining("extraOptimizers of mnist repeats an optimizer: [sgd+II] after [sgd, sgd+II:0.05]");
  }
}
