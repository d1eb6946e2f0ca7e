package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.Normalization;
import dev.sngrad.data.Split;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetLocator.DownloadPolicy;
import dev.sngrad.data.registry.DatasetRegistry;
import dev.sngrad.data.registry.KnownDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The data of an experiment: training examples, an optional validation split held out of the
 * training set, the test set (both evaluated after every epoch), the normalization computed from
 * the training examples, and the study's augmentation for this dataset.
 */
public record DataBundle(
    String name, Dataset train, Optional<Dataset> validation, Dataset test, Normalization normalization,
    Augmentation studyAugmentation) {

  /**
   * Loads dataset {@code name} of {@link DatasetRegistry#builtIn()}: {@code embedded} (the
   * Fashion-MNIST subset inside the jar) needs no files; the others are looked up in {@code folder}
   * first and then in the standard places (see {@link DatasetLocator#searchOrderHelp()}),
   * downloading only when {@code download} is set. With {@code validation > 0}, that many training
   * examples (a seeded split) are held out and evaluated besides the test set. {@code testFile}
   * (for datasets that {@linkplain KnownDataset#readsTestFiles() read test files}, CIFAR-10, with
   * {@code folder}) reads the test set from another file of the folder than {@code test_batch.bin},
   * for instance a partial copy such as {@code test_batch.first1000.bin}.
   *
   * @throws IllegalArgumentException for an unknown name ({@code unknown dataset 'x'; known: ...})
   *     or a test file the dataset cannot read
   */
  public static DataBundle load(
      String name, Optional<Path> folder, boolean download, int validation, long seed, Optional<String> testFile)
      throws IOException {
    DatasetRegistry registry = DatasetRegistry.builtIn();
    KnownDataset dataset = registry.get(name);
    checkArgument(testFile.isEmpty() || (dataset.readsTestFiles() && folder.isPresent()),
        "a test file can only be given for %s together with its data folder",
        String.join(", ", registry.all().stream().filter(KnownDataset::readsTestFiles).map(KnownDataset::name).toList()));
    TrainTest data = testFile.isPresent()
        ? dataset.loadWithTestFile(folder.get(), testFile.get())
        : dataset.load(DatasetLocator.standard(download ? DownloadPolicy.DOWNLOAD_IF_MISSING : DownloadPolicy.NEVER), folder);
    Dataset train = data.train();
    Optional<Dataset> held = Optional.empty();
    if (validation > 0) {
      Split split = Split.trainValidation(train, validation, seed);
      train = split.train();
      held = Optional.of(split.validation());
    }
    return new DataBundle(name, train, held, data.test(), Normalization.fromTraining(train), dataset.studyAugmentation());
  }

  /** Values per example (channels x height x width). */
  public int inputSize() {
    return train.shape().size();
  }

  /** Number of classes. */
  public int classes() {
    return train.numClasses();
  }

  /** The training augmentation when {@code augment}, else none. */
  public Augmentation augmentation(boolean augment) {
    return augment ? studyAugmentation : Augmentation.none();
  }
}
