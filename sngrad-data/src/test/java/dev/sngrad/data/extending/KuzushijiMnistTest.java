package dev.sngrad.data.extending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.DatasetFixtures;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetLocator.DownloadPolicy;
import dev.sngrad.data.fetch.DatasetNotFoundException;
import dev.sngrad.data.fetch.Downloader;
import dev.sngrad.data.registry.DatasetRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the "Add a dataset" recipe of docs/extending.md and checks that the page shows its code. */
class KuzushijiMnistTest {
  @TempDir Path root;

  @Test
  void theRegisteredDatasetLoadsFromItsFolder() throws IOException {
    Path folder = root.resolve("kmnist");
    DatasetFixtures.writeIdxFolder(folder, 30, 20);

    // [extending:dataset-use]
    DatasetRegistry registry = DatasetRegistry.builtIn().with(KuzushijiMnist.DATASET);
    DatasetLocator locator = DatasetLocator.standard(DownloadPolicy.NEVER);
    TrainTest data = registry.get("kmnist").load(locator, Optional.of(folder));
    // [extending:dataset-use]

    assertThat(registry.names())
        .containsExactly("embedded", "mnist", "fashion-mnist", "cifar10", "kmnist");
    assertThat(data.train().name()).isEqualTo("kmnist/train");
    assertThat(data.train().size()).isEqualTo(30);
    assertThat(data.test().size()).isEqualTo(20);
    assertThat(data.train().shape()).isEqualTo(new ImageShape(1, 28, 28));
    assertThat(data.train().classNames())
        .containsExactly("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");
    assertThat(data.train().label(13)).isEqualTo(3);
    assertThat(data.test().pixel(7, 500)).isEqualTo(DatasetFixtures.pixel(7, 500));
  }

  @Test
  void withoutItsFilesTheErrorNamesTheMirrorAndTheFolder() {
    DatasetLocator offline =
        new DatasetLocator(
            Optional.empty(),
            root.resolve("cache"),
            root.resolve("system"),
            Downloader.standard(),
            DownloadPolicy.NEVER);
    assertThatThrownBy(() -> KuzushijiMnist.DATASET.load(offline, Optional.empty()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageStartingWith("Kuzushiji-MNIST not found")
        .hasMessageContaining(
            "https://codh.rois.ac.jp/kmnist/dataset/kmnist/train-images-idx3-ubyte.gz")
        .hasMessageContaining(root.resolve("cache").resolve("kmnist").toString());
  }

  @Test
  void anUnknownNameListsTheRegisteredOnes() {
    DatasetRegistry registry = DatasetRegistry.builtIn().with(KuzushijiMnist.DATASET);
    assertThatThrownBy(() -> registry.get("kmnst"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown dataset 'kmnst'; known: embedded, mnist, fashion-mnist, cifar10, kmnist");
  }

  @Test
  void itsAugmentationIsMnists() {
    assertThat(KuzushijiMnist.DATASET.studyAugmentation().toString())
        .isEqualTo(DatasetRegistry.builtIn().get("mnist").studyAugmentation().toString());
  }

  /** Each marked region, without its common indentation, must appear verbatim in the guide. */
  @Test
  void theGuideShowsThisCode() throws IOException {
    Path dir = Path.of("src/test/java/dev/sngrad/data/extending");
    String guide = Files.readString(Path.of("..", "docs", "extending.md"));
    String[][] regions = {
      {"KuzushijiMnist.java", "dataset"}, {"KuzushijiMnistTest.java", "dataset-use"}
    };
    for (String[] region : regions) {
      String marker = "// [extending:" + region[1] + "]";
      String text = Files.readString(dir.resolve(region[0]));
      int start = text.indexOf(marker);
      int end = text.indexOf(marker, start + marker.length());
      assertThat(start).as("%s has region %s", region[0], marker).isNotNegative();
      assertThat(end).as("%s ends region %s", region[0], marker).isGreaterThan(start);
      String code =
          text.substring(start + marker.length(), text.lastIndexOf('\n', end)).stripIndent();
      assertThat(guide)
          .as("docs/extending.md shows %s of %s", marker, region[0])
          .contains(code.strip());
    }
  }
}
