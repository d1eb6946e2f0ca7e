package dev.sngrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.data.cifar.Cifar10;
import dev.sngrad.data.cifar.Cifar10Reader;
import dev.sngrad.data.fetch.Checksum;
import dev.sngrad.data.fetch.Checksums;
import dev.sngrad.data.fetch.DataFile;
import dev.sngrad.data.fetch.DatasetLocation;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetLocator.DownloadPolicy;
import dev.sngrad.data.fetch.DatasetNotFoundException;
import dev.sngrad.data.fetch.DatasetSpec;
import dev.sngrad.data.fetch.Downloader;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.mnist.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the real datasets from {@code shared/datasets} (see {@link SharedDatasets}); each test is
 * skipped, with a message saying so, when that folder is absent.
 */
class RealDatasetsTest {
  @TempDir Path empty;

  private static void verifyAll(Path folder, DatasetSpec spec) throws IOException {
    for (DataFile file : spec.files()) {
      Checksums.verify(folder.resolve(file.fileName()), file.checksum());
    }
  }

  @Test
  void mnistMatchesOfficialChecksumsCountsAndStatistics() throws IOException {
    Path folder = SharedDatasets.require("mnist");
    verifyAll(folder, Mnist.SPEC);

    TrainTest data = Mnist.load(folder);

    assertThat(data.train().size()).isEqualTo(60_000);
    assertThat(data.test().size()).isEqualTo(10_000);
    assertThat(data.train().shape()).isEqualTo(new ImageShape(1, 28, 28));
    assertThat(data.train().classCounts())
        .containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
    assertThat(data.test().classCounts())
        .containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    Normalization norm = Normalization.fromTraining(data.train());
    assertThat(norm.mean(0)).isCloseTo(0.1307, within(1e-4));
    assertThat(norm.std(0)).isCloseTo(0.3081, within(1e-4));
  }

  @Test
  void fashionMnistMatchesOfficialChecksumsCountsAndStatistics() throws IOException {
    Path folder = SharedDatasets.require("fashion-mnist");
    verifyAll(folder, FashionMnist.SPEC);

    TrainTest data = FashionMnist.load(folder);

    assertThat(data.train().classCounts()).containsOnly(6000).hasSize(10);
    assertThat(data.test().classCounts()).containsOnly(1000).hasSize(10);
    Normalization norm = Normalization.fromTraining(data.train());
    assertThat(norm.mean(0)).isCloseTo(0.2860, within(1e-4));
    assertThat(norm.std(0)).isCloseTo(0.3530, within(1e-4));
  }

  @Test
  void cifar10TrainingSetAndFirstThousandTestRecords() throws IOException {
    Path folder = SharedDatasets.require("cifar-10");
    for (DataFile file : Cifar10.SPEC.files()) {
      if (!file.fileName().equals(Cifar10.TEST_FILE)) {
        Checksums.verify(folder.resolve(file.fileName()), file.checksum());
      }
    }
    Path testPart = folder.resolve("test_batch.first1000.bin");
    Checksums.verify(
        testPart,
        Checksum.sha256("8314c96d7cd65618193bab23acdd5d4c4af15bf6dd00a1781d55beedf3be1ef5"));

    Dataset train = Cifar10.loadTrain(folder);
    Dataset test =
        Cifar10Reader.read(
            "cifar-10/test-first1000",
            List.of(testPart),
            Cifar10Reader.readClassNames(folder.resolve(Cifar10.META_FILE)));

    assertThat(train.size()).isEqualTo(50_000);
    assertThat(train.shape()).isEqualTo(new ImageShape(3, 32, 32));
    assertThat(train.classCounts()).containsOnly(5000).hasSize(10);
    assertThat(train.classNames())
        .containsExactly(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck");
    assertThat(test.size()).isEqualTo(1000);
    assertThat(test.classCounts()).containsExactly(103, 89, 100, 103, 90, 86, 112, 102, 106, 109);
    Normalization norm = Normalization.fromTraining(train);
    double[] means = {0.4914, 0.4822, 0.4465};
    double[] stds = {0.2470, 0.2435, 0.2616};
    for (int c = 0; c < 3; c++) {
      assertThat(norm.mean(c)).isCloseTo(means[c], within(1e-4));
      assertThat(norm.std(c)).isCloseTo(stds[c], within(1e-4));
    }
  }

  @Test
  void locatorFindsTheSharedFolderThroughTheEnvironmentStep() throws IOException {
    Path mnist = SharedDatasets.require("mnist");
    DatasetLocator locator =
        new DatasetLocator(
            Optional.of(mnist.getParent()),
            empty,
            empty,
            Downloader.standard(),
            DownloadPolicy.NEVER);

    assertThat(locator.locate(FashionMnist.SPEC, Optional.empty()))
        .isEqualTo(
            new DatasetLocation(
                mnist.getParent().resolve("fashion-mnist"), DatasetLocation.Origin.ENVIRONMENT));
    assertThat(locator.locate(Mnist.SPEC, Optional.of(mnist)).origin())
        .isEqualTo(DatasetLocation.Origin.CALLER_FOLDER);
    // The shared CIFAR-10 folder lacks the full test_batch.bin, so it is not a complete dataset.
    assertThatThrownBy(() -> locator.locate(Cifar10.SPEC, Optional.empty()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("CIFAR-10 not found, and downloading is disabled")
        .hasMessageContaining("cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530)")
        .hasMessageContaining("test_batch.bin  (SHA-256 8e2eb146");
  }
}
