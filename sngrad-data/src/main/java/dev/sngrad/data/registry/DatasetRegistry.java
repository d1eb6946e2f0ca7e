package dev.sngrad.data.registry;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.augment.ExampleTransform;
import dev.sngrad.data.augment.HorizontalFlip;
import dev.sngrad.data.augment.RandomErasing;
import dev.sngrad.data.augment.RandomRotation;
import dev.sngrad.data.augment.VerticalFlip;
import dev.sngrad.data.cifar.Cifar10;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetSpec;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.mnist.Mnist;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The datasets a program knows, by name, in a fixed order. {@link #builtIn()} holds the ones the
 * {@code sngrad} command line, its studies and {@code DataTool} offer; adding a dataset there (one
 * {@link KnownDataset} in {@link #builtIn()}) is all it takes to offer it everywhere. Immutable.
 */
public final class DatasetRegistry {
  private static final Augmentation FASHION_MNIST_STUDY =
      study(
          HorizontalFlip.withDefaultProbability(),
          VerticalFlip.withDefaultProbability(),
          RandomRotation.nearest(20));

  private static final DatasetRegistry BUILT_IN =
      new DatasetRegistry(
          ImmutableList.of(
              KnownDataset.inJar("embedded", FashionMnist::embeddedSubset, FASHION_MNIST_STUDY),
              KnownDataset.inFolder(
                  "mnist", Mnist.SPEC, Mnist::load, study(RandomRotation.nearest(20))),
              KnownDataset.inFolder(
                  "fashion-mnist", FashionMnist.SPEC, FashionMnist::load, FASHION_MNIST_STUDY),
              KnownDataset.inFolder(
                      "cifar10",
                      Cifar10.SPEC,
                      Cifar10::load,
                      study(HorizontalFlip.withDefaultProbability(), RandomRotation.nearest(20)))
                  .withTestFileLoader(
                      (folder, testFile) ->
                          new TrainTest(
                              Cifar10.loadTrain(folder), Cifar10.loadTest(folder, testFile)))));

  private final ImmutableList<KnownDataset> datasets;

  private DatasetRegistry(ImmutableList<KnownDataset> datasets) {
    for (int i = 0; i < datasets.size(); i++) {
      for (int j = 0; j < i; j++) {
        checkArgument(
            !datasets.get(i).name().equals(datasets.get(j).name()),
            "dataset name %s is registered twice",
            datasets.get(i).name());
      }
    }
    this.datasets = datasets;
  }

  /**
   * The built-in datasets, in this order: {@code embedded} (a Fashion-MNIST subset inside the jar),
   * {@code mnist}, {@code fashion-mnist}, {@code cifar10}.
   *
   * <p>Their training augmentation is the original study's (kaifishr/SignalNoiseGradients): MNIST
   * rotation +-20 degrees; Fashion-MNIST (and its embedded subset) horizontal flip, vertical flip,
   * rotation +-20 degrees; CIFAR-10 horizontal flip, rotation +-20 degrees; each followed by random
   * erasing. The study lists the transforms but its order is not recoverable, so we use the only
   * order torchvision allows for random erasing on tensors: flips, then rotation (nearest, fill 0 =
   * black) on 0..255 intensities, then normalization, then {@link RandomErasing#withDefaults()}
   * (value 0 = the channel mean).
   *
   * @return the shared built-in registry
   */
  public static DatasetRegistry builtIn() {
    return BUILT_IN;
  }

  /**
   * A registry of exactly {@code datasets}, in that order.
   *
   * @param datasets the entries (copied); their names must differ
   * @return the registry
   * @throws IllegalArgumentException naming the first name registered twice
   */
  public static DatasetRegistry of(List<KnownDataset> datasets) {
    return new DatasetRegistry(ImmutableList.copyOf(datasets));
  }

  /**
   * This registry with one more entry; this registry is unchanged.
   *
   * @param dataset the entry to append; its name must be new
   * @return a new registry with {@code dataset} last
   * @throws IllegalArgumentException if the name is already registered
   */
  public DatasetRegistry with(KnownDataset dataset) {
    return new DatasetRegistry(
        ImmutableList.<KnownDataset>builder().addAll(datasets).add(dataset).build());
  }

  /**
   * Every dataset.
   *
   * @return the entries, in registration order
   */
  public ImmutableList<KnownDataset> all() {
    return datasets;
  }

  /**
   * The datasets' names.
   *
   * @return the names, in registration order
   */
  public ImmutableList<String> names() {
    return datasets.stream().map(KnownDataset::name).collect(ImmutableList.toImmutableList());
  }

  /**
   * Looks a dataset up by name.
   *
   * @param name the exact, case-sensitive name
   * @return the dataset, or empty if none has that name
   */
  public Optional<KnownDataset> find(String name) {
    return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /**
   * The dataset called {@code name}.
   *
   * @param name the exact, case-sensitive name
   * @return the dataset
   * @throws IllegalArgumentException {@code unknown dataset 'NAME'; known: embedded, mnist, ...}
   */
  public KnownDataset get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown dataset '" + name + "'; known: " + String.join(", ", names())));
  }

  /**
   * {@link DatasetLocator#searchOrderHelp()} followed by the folder name of each dataset with
   * files, for {@code --help} texts.
   *
   * @return several lines separated by the platform's line separator, without a final one
   */
  public String searchOrderHelp() {
    String folders =
        datasets.stream()
            .map(d -> d.files().map(spec -> folderHelp(d.name(), spec)))
            .flatMap(Optional::stream)
            .collect(Collectors.joining(", "));
    return DatasetLocator.searchOrderHelp()
        + System.lineSeparator()
        + "<name> is the dataset's folder: "
        + folders
        + ".";
  }

  private static String folderHelp(String name, DatasetSpec spec) {
    String folder = spec.name();
    String text = name.equals(folder) ? folder : folder + " (for " + name + ")";
    if (spec.source() instanceof DatasetSpec.Archive archive) {
      text += ", whose files may also sit in <folder>/" + archive.folderInArchive() + "/";
    }
    return text;
  }

  private static Augmentation study(ExampleTransform... geometric) {
    return Augmentation.of(List.of(geometric), List.of(RandomErasing.withDefaults()));
  }

  @Override
  public String toString() {
    return "DatasetRegistry" + names();
  }
}
