package dev.sngrad.data.registry;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.data.TrainTest;
import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the command line and the studies need to know about one dataset: the name it is chosen
 * by, where its data comes from and how it is loaded, and the training augmentation of the original
 * study. Entries are collected in a {@link DatasetRegistry}.
 *
 * <p>Normalization is not part of an entry: every dataset is normalized with the statistics of its
 * own training part ({@link dev.sngrad.data.Normalization#fromTraining}), computed after any
 * validation split.
 *
 * @param name the name users choose it by ({@code --dataset NAME}, study files), e.g. {@code
 *     "cifar10"}
 * @param source where the data comes from and how it is loaded
 * @param studyAugmentation the training augmentation of the original study for this dataset (test
 *     and validation data are only normalized)
 */
public record KnownDataset(String name, Source source, Augmentation studyAugmentation) {

  /** Where a dataset's data comes from. */
  public sealed interface Source permits InJar, InFolder {}

  /**
   * Data shipped inside the jar: no files, no network.
   *
   * @param loader loads both parts from the classpath
   */
  public record InJar(JarLoader loader) implements Source {
    /** Validates the argument. */
    public InJar {
      checkNotNull(loader, "loader");
    }
  }

  /**
   * Data in files that {@link DatasetLocator} finds (or downloads) by {@code files}.
   *
   * @param files the files' names, checksums and download source; {@code files.name()} is the
   *     folder {@link DatasetLocator} looks for
   * @param loader loads both parts from the folder that holds the files
   * @param testFileLoader if present, loads the training part from the folder and the test part
   *     from another file of it (for instance a partial copy of the test set)
   */
  public record InFolder(
      DatasetSpec files, FolderLoader loader, Optional<TestFileLoader> testFileLoader)
      implements Source {
    /** Validates the arguments. */
    public InFolder {
      checkNotNull(files, "files");
      checkNotNull(loader, "loader");
      checkNotNull(testFileLoader, "testFileLoader");
    }
  }

  /** Loads a dataset shipped inside the jar. */
  @FunctionalInterface
  public interface JarLoader {
    /** Loads both parts. */
    TrainTest load() throws IOException;
  }

  /** Loads a dataset from the folder that holds its files. */
  @FunctionalInterface
  public interface FolderLoader {
    /** Loads both parts from {@code folder}. */
    TrainTest load(Path folder) throws IOException;
  }

  /** Loads a dataset whose test part is read from a file the caller names. */
  @FunctionalInterface
  public interface TestFileLoader {
    /**
     * Loads the training part from {@code folder} and the test part from {@code testFile} in it.
     */
    TrainTest load(Path folder, String testFile) throws IOException;
  }

  /** Validates the arguments. */
  public KnownDataset {
    checkArgument(
        name.matches("[a-z0-9][a-z0-9._-]*"),
        "dataset name '%s' is not a plain lower-case word",
        name);
    checkNotNull(source, "source");
    checkNotNull(studyAugmentation, "studyAugmentation");
  }

  /** A dataset shipped inside the jar. */
  public static KnownDataset inJar(String name, JarLoader loader, Augmentation studyAugmentation) {
    return new KnownDataset(name, new InJar(loader), studyAugmentation);
  }

  /** A dataset in files described by {@code files}, loaded from their folder by {@code loader}. */
  public static KnownDataset inFolder(
      String name, DatasetSpec files, FolderLoader loader, Augmentation studyAugmentation) {
    return new KnownDataset(name, new InFolder(files, loader, Optional.empty()), studyAugmentation);
  }

  /** The same dataset, able to read its test part from a file the caller names. */
  public KnownDataset withTestFileLoader(TestFileLoader testFileLoader) {
    checkArgument(
        source instanceof InFolder, "dataset %s has no files, so no test file either", name);
    InFolder folder = (InFolder) source;
    return new KnownDataset(
        name,
        new InFolder(folder.files(), folder.loader(), Optional.of(testFileLoader)),
        studyAugmentation);
  }

  /** The files' description, empty for data inside the jar. */
  public Optional<DatasetSpec> files() {
    return source instanceof InFolder folder ? Optional.of(folder.files()) : Optional.empty();
  }

  /**
   * The folder name under a data root ({@code $SNGRAD_DATA/<folder>/}, a study's {@code dataDir}):
   * {@code files().name()}, or the dataset's name for data inside the jar.
   */
  public String folderName() {
    return files().map(DatasetSpec::name).orElse(name);
  }

  /** True when {@link #loadWithTestFile} is supported. */
  public boolean readsTestFiles() {
    return source instanceof InFolder folder && folder.testFileLoader().isPresent();
  }

  /**
   * Loads both parts: data inside the jar directly, files from the folder {@code locator} finds
   * (looking into {@code callerFolder} first, downloading if its policy allows).
   *
   * @throws dev.sngrad.data.fetch.DatasetNotFoundException if the files are nowhere and cannot be
   *     downloaded
   * @throws IOException if a file is malformed or cannot be read
   */
  public TrainTest load(DatasetLocator locator, Optional<Path> callerFolder) throws IOException {
    if (source instanceof InFolder folder) {
      return loadFrom(locator.locate(folder.files(), callerFolder).folder());
    }
    return ((InJar) source).loader().load();
  }

  /**
   * Loads both parts from {@code folder}, which holds the files.
   *
   * @throws IllegalArgumentException for data inside the jar, which has no folder
   */
  public TrainTest loadFrom(Path folder) throws IOException {
    checkArgument(
        source instanceof InFolder, "dataset %s is inside the jar, not in a folder", name);
    return ((InFolder) source).loader().load(folder);
  }

  /**
   * Loads the training part from {@code folder} and the test part from file {@code testFile} of it.
   *
   * @throws IllegalArgumentException if this dataset does not read test files ({@link
   *     #readsTestFiles()})
   */
  public TrainTest loadWithTestFile(Path folder, String testFile) throws IOException {
    checkArgument(readsTestFiles(), "dataset %s cannot read its test set from another file", name);
    return ((InFolder) source).testFileLoader().get().load(folder, testFile);
  }

  /** Prints the name, e.g. {@code KnownDataset[cifar10]}. */
  @Override
  public String toString() {
    return "KnownDataset[" + name + "]";
  }
}
