package dev.sngrad.data.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.DatasetFixtures;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.augment.HorizontalFlip;
import dev.sngrad.data.augment.RandomErasing;
import dev.sngrad.data.augment.RandomRotation;
import dev.sngrad.data.augment.VerticalFlip;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetLocator.DownloadPolicy;
import dev.sngrad.data.fetch.Downloader;
import dev.sngrad.data.mnist.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {
  private static final DatasetRegistry BUILT_IN = DatasetRegistry.builtIn();

  @TempDir Path root;

  private DatasetLocator offline() {
    return new DatasetLocator(
        Optional.empty(),
        root.resolve("cache"),
        root.resolve("system"),
        Downloader.standard(),
        DownloadPolicy.NEVER);
  }

  @Test
  void builtInNamesInOrder() {
    assertThat(BUILT_IN.names()).containsExactly("embedded", "mnist", "fashion-mnist", "cifar10");
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> BUILT_IN.get("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown dataset 'imagenet'; known: embedded, mnist, fashion-mnist, cifar10");
  }

  @Test
  void aNameCannotBeRegisteredTwice() {
    KnownDataset again = KnownDataset.inJar("mnist", () -> null, Augmentation.none());
    assertThatThrownBy(() -> BUILT_IN.with(again))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset name mnist is registered twice");
  }

  @Test
  void studyAugmentationsMatchTheOriginalStudy() {
    assertThat(BUILT_IN.get("mnist").studyAugmentation().beforeNormalization())
        .hasExactlyElementsOfTypes(RandomRotation.class);
    for (String fashion : new String[] {"fashion-mnist", "embedded"}) {
      assertThat(BUILT_IN.get(fashion).studyAugmentation().beforeNormalization())
          .hasExactlyElementsOfTypes(
              HorizontalFlip.class, VerticalFlip.class, RandomRotation.class);
    }
    assertThat(BUILT_IN.get("cifar10").studyAugmentation().beforeNormalization())
        .hasExactlyElementsOfTypes(HorizontalFlip.class, RandomRotation.class);
    for (KnownDataset dataset : BUILT_IN.all()) {
      assertThat(dataset.studyAugmentation().afterNormalization())
          .hasExactlyElementsOfTypes(RandomErasing.class);
      assertThat(dataset.studyAugmentation().toString())
          .contains("RandomRotation(+-20.0 deg, NEAREST, fill=0.0)");
    }
  }

  @Test
  void folderNames() {
    assertThat(BUILT_IN.all().stream().map(KnownDataset::folderName))
        .containsExactly("embedded", "mnist", "fashion-mnist", "cifar-10");
    assertThat(BUILT_IN.get("embedded").files()).isEmpty();
    assertThat(BUILT_IN.get("mnist").files()).contains(Mnist.SPEC);
  }

  @Test
  void embeddedLoadsWithoutAFolder() throws IOException {
    TrainTest data = BUILT_IN.get("embedded").load(offline(), Optional.empty());
    assertThat(data.train().size()).isEqualTo(10_000);
    assertThat(data.test().size()).isEqualTo(2_000);
  }

  @Test
  void mnistLoadsFromTheCallerFolderAsMnistDoes() throws IOException {
    Path folder = root.resolve("given");
    DatasetFixtures.writeIdxFolder(folder, 12, 5);
    TrainTest viaRegistry = BUILT_IN.get("mnist").load(offline(), Optional.of(folder));
    TrainTest direct = Mnist.load(folder);
    assertThat(viaRegistry.train().name()).isEqualTo("mnist/train");
    assertThat(viaRegistry.train().pixels()).isEqualTo(direct.train().pixels());
    assertThat(viaRegistry.test().labels()).isEqualTo(direct.test().labels());
  }

  @Test
  void onlyCifarReadsATestFile() throws IOException {
    assertThat(BUILT_IN.all().stream().filter(KnownDataset::readsTestFiles).map(KnownDataset::name))
        .containsExactly("cifar10");
    assertThatThrownBy(() -> BUILT_IN.get("mnist").loadWithTestFile(root, "t.bin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset mnist cannot read its test set from another file");

    Path folder = Files.createDirectories(root.resolve("cifar"));
    Files.writeString(folder.resolve("batches.meta.txt"), DatasetFixtures.cifarMeta());
    for (int b = 1; b <= 5; b++) {
      Files.write(folder.resolve("data_batch_" + b + ".bin"), DatasetFixtures.cifarBatch(b, 0));
    }
    Files.write(folder.resolve("test_batch.first2.bin"), DatasetFixtures.cifarBatch(7, 9));
    TrainTest data = BUILT_IN.get("cifar10").loadWithTestFile(folder, "test_batch.first2.bin");
    assertThat(data.train().labels()).containsExactly(1, 0, 2, 0, 3, 0, 4, 0, 5, 0);
    assertThat(data.test().labels()).containsExactly(7, 9);
  }

  @Test
  void helpNamesEachFolder() {
    assertThat(BUILT_IN.searchOrderHelp())
        .contains("1. the folder given on the command line (--data-dir DIR)")
        .contains(
            "<name> is the dataset's folder: mnist, fashion-mnist, cifar-10 (for cifar10), whose"
                + " files may also sit in <folder>/cifar-10-batches-bin/.");
  }
}
