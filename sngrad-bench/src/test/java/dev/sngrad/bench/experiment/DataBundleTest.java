package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DataBundleTest {
  /** {@code shared/datasets/cifar-10} beside the repository, found by walking up from the working directory. */
  private static Optional<Path> sharedCifar() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/datasets/cifar-10");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Test
  void embeddedDataWithAValidationSplitKeepsTheTestSet() throws IOException {
    DataBundle data = DataBundle.load("embedded", Optional.empty(), false, 2000, 0, Optional.empty());
    assertThat(data.train().size()).isEqualTo(8000);
    assertThat(data.validation()).map(v -> v.size()).contains(2000);
    assertThat(data.test().size()).isEqualTo(2000);
    assertThat(data.inputSize()).isEqualTo(784);
    assertThat(data.classes()).isEqualTo(10);
  }

  @Test
  void cifarWithAPartialTestFileAndAValidationSplit() throws IOException {
    Optional<Path> folder = sharedCifar();
    Assumptions.assumeTrue(folder.isPresent() && Files.exists(folder.get().resolve("test_batch.first1000.bin")),
        "shared/datasets/cifar-10 with test_batch.first1000.bin is not beside the repository; skipped");
    DataBundle data = DataBundle.load("cifar10", folder, false, 10_000, 0, Optional.of("test_batch.first1000.bin"));
    assertThat(data.train().size()).isEqualTo(40_000);
    assertThat(data.validation()).map(v -> v.size()).contains(10_000);
    assertThat(data.test().size()).isEqualTo(1000);
    assertThat(data.inputSize()).isEqualTo(3 * 32 * 32);
  }

  @Test
  void aTestFileIsOnlyForCifarWithItsFolder() {
    assertThatThrownBy(() -> DataBundle.load("mnist", Optional.of(Path.of("x")), false, 0, 0, Optional.of("t.bin")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cifar10");
  }
}
