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
 * The data of an experiment: training examples, the set evaluated after every epoch (the test set,
 * or a validation split held out of the training set), the normalization computed from the
 * training examples, and the study's augmentation for this dataset.
 */
public record DataBundle(
    String name, Dataset train, Dataset evaluation, Normalization normalization, StudyPreset preset) {

  /** The dataset names the command line accepts. */
  public static final ImmutableList<String> NAMES = ImmutableList.of("embedded", "mnist", "fashion-mnist", "cifar10");

  /**
   * Loads dataset {@code name}: {@code embedded} (the Fashion-MNIST subset inside the jar) needs no
   * files; the others are looked up in {@code folder} first and then in the standard places (see
   * {@link DatasetLocator#searchOrderHelp()}), downloading only when {@code download} is set.
   * With {@code validation > 0}, that many training examples (a seeded split) replace the test set.
   */
  public static DataBundle load(String name, Optional<Path> folder, boolean download, int validation, long seed)
      throws IOException {
    checkArgument(NAMES.contains(name), "unknown dataset '%s'; choose one of %s", name, NAMES);
    DatasetLocator locator = DatasetLocator.standard(
        download ? DatasetLocator.DownloadPolicy.DOWNLOAD_IF_MISSING : DatasetLocator.DownloadPolicy.NEVER);
    TrainTest data = switch (name) {
      case "embedded" -> FashionMnist.embeddedSubset();
      case "mnist" -> Mnist.locateAndLoad(locator, folder);
      case "fashion-mnist" -> FashionMnist.locateAndLoad(locator, folder);
      default -> Cifar10.locateAndLoad(locator, folder);
    };
    StudyPreset preset = switch (name) {
      case "mnist" -> StudyPreset.MNIST;
      case "cifar10" -> StudyPreset.CIFAR_10;
      default -> StudyPreset.FASHION_MNIST;
    };
    Dataset train = data.train();
    Dataset evaluation = data.test();
    if (validation > 0) {
      Split split = Split.trainValidation(train, validation, seed);
      train = split.train();
      evaluation = split.validation();
    }
    return new DataBundle(name, train, evaluation, Normalization.fromTraining(train), preset);
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
