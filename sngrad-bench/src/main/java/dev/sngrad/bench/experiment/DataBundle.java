package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.DatasetLocator;
import dev.sngrad.data.Normalization;
import dev.sngrad.data.Split;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.augment.StudyPreset;
import dev.sngrad.data.cifar.Cifar10;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.mnist.Mnist;
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
    StudyPreset preset) {

  /** The dataset names the command line accepts. */
  public static final ImmutableList<String> NAMES = ImmutableList.of("embedded", "mnist", "fashion-mnist", "cifar10");

  /**
   * Loads dataset {@code name}: {@code embedded} (the Fashion-MNIST subset inside the jar) needs no
   * files; the others are looked up in {@code folder} first and then in the standard places (see
   * {@link DatasetLocator#searchOrderHelp()}), downloading only when {@code download} is set.
   * With {@code validation > 0}, that many training examples (a seeded split) are held out and
   * evaluated besides the test set. {@code testFile} (CIFAR-10 only, with {@code folder}) reads
   * the test set from another file of the folder than {@code test_batch.bin}, for instance a
   * partial copy such as {@code test_batch.first1000.bin}.
   */
  public static DataBundle load(
      String name, Optional<Path> folder, boolean download, int validation, long seed, Optional<String> testFile)
      throws IOException {
    checkArgument(testFile.isEmpty() || (name.equals("cifar10") && folder.isPresent()),
        "a test file can only be given for cifar10 together with its data folder");
    checkArgument(NAMES.contains(name), "unknown dataset '%s'; choose one of %s", name, NAMES);
    DatasetLocator locator = DatasetLocator.standard(
        download ? DatasetLocator.DownloadPolicy.DOWNLOAD_IF_MISSING : DatasetLocator.DownloadPolicy.NEVER);
    TrainTest data = switch (name) {
      case "embedded" -> FashionMnist.embeddedSubset();
      case "mnist" -> Mnist.locateAndLoad(locator, folder);
      case "fashion-mnist" -> FashionMnist.locateAndLoad(locator, folder);
      default -> testFile.isPresent()
          ? new TrainTest(Cifar10.loadTrain(folder.get()), Cifar10.loadTest(folder.get(), testFile.get()))
          : Cifar10.locateAndLoad(locator, folder);
    };
    StudyPreset preset = switch (name) {
      case "mnist" -> StudyPreset.MNIST;
      case "cifar10" -> StudyPreset.CIFAR_10;
      default -> StudyPreset.FASHION_MNIST;
    };
    Dataset train = data.train();
    Optional<Dataset> held = Optional.empty();
    if (validation > 0) {
      Split split = Split.trainValidation(train, validation, seed);
      train = split.train();
      held = Optional.of(split.validation());
    }
    return new DataBundle(name, train, held, data.test(), Normalization.fromTraining(train), preset);
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
    return augment ? preset.training() : Augmentation.none();
  }
}
