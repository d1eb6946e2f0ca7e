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
    /**
     * Validates the argument.
     *
     * @param loader loads both parts from the classpath
     * @throws NullPointerException if {@code loader} is null
     */
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
    /**
     * Validates the arguments.
     *
     * @param files the files' names, checksums and download source
     * @param loader loads both parts from the folder that holds the files
     * @param testFileLoader loads a training part and a named test file, if supported
     * @throws NullPointerException if an argument is null
     */
    public InFolder {
      checkNotNull(files, "files");
      checkNotNull(loader, "loader");
      checkNotNull(testFileLoader, "testFileLoader");
    }
  }

  /** Loads a dataset shipped inside the jar. */
  @FunctionalInterface
  public interface JarLoader {
    /**
     * Loads both parts.
     *
     * @return the training and test parts
     * @throws IOException if a resource is missing, unreadable or malformed
     */
    TrainTest load() throws IOException;
  }

  /** Loads a dataset from the folder that holds its files. */
  @FunctionalInterface
  public interface FolderLoader {
    /**
     * Loads both parts from {@code folder}.
     *
     * @param folder the folder holding every file of the dataset
     * @return the training and test parts
     * @throws IOException if a file is missing, unreadable or malformed
     */
    TrainTest load(Path folder) throws IOException;
  }

  /** Loads a dataset whose test part is read from a file the caller names. */
  @FunctionalInterface
  public interface TestFileLoader {
    /**
     * Loads the training part from {@code folder} and the test part from {@code testFile} in it.
     *
     * @param folder the folder holding the training files and the test file
     * @param testFile the test file's name within {@code folder}
     * @return the training and test parts
     * @throws IOException if a file is missing, unreadable or malformed
     */
    TrainTest load(Path folder, String testFile) throws IOException;
  }

  /**
   * Validates the arguments.
   *
   * @param name the name users choose it by: lower-case letters, digits, {@code .}, {@code _} and
   *     {@code -}, starting with a letter or digit
   * @param source where the data comes from and how it is loaded
   * @param studyAugmentation the original study's training augmentation
   * @throws IllegalArgumentException if {@code name} is not a plain lower-case word
   * @throws NullPointerException if an argument is null
   */
  public KnownDataset {
    checkArgument(
        name.matches("[a-z0-9][a-z0-9._-]*"),
        "dataset name '%s' is not a plain lower-case word",
        name);
    checkNotNull(source, "source");
    checkNotNull(studyAugmentation, "studyAugmentation");
  }

  /**
   * A dataset shipped inside the jar.
   *
   * @param name the name users choose it by
   * @param loader loads both parts from the classpath
   * @param studyAugmentation the original study's training augmentation
   * @return the entry
   * @throws IllegalArgumentException if {@code name} is not a plain lower-case word
   */
  public static KnownDataset inJar(String name, JarLoader loader, Augmentation studyAugmentation) {
    return new KnownDataset(name, new InJar(loader), studyAugmentation);
  }

  /**
   * A dataset in files described by {@code files}, loaded from their folder by {@code loader}.
   *
   * @param name the name users choose it by
   * @param files the files' names, checksums and download source
   * @param loader loads both parts from the folder that holds the files
   * @param studyAugmentation the original study's training augmentation
   * @return the entry, without a test-file loader
   * @throws IllegalArgumentException if {@code name} is not a plain lower-case word
   */
  public static KnownDataset inFolder(
      String name, DatasetSpec files, FolderLoader loader, Augmentation studyAugmentation) {
    return new KnownDataset(name, new InFolder(files, loader, Optional.empty()), studyAugmentation);
  }

  /**
   * The same dataset, able to read its test part from a file the caller names.
   *
   * @param testFileLoader loads the training part and the named test file
   * @return a new entry; this one is unchanged
   * @throws IllegalArgumentException if the dataset is inside the jar
   */
  public KnownDataset withTestFileLoader(TestFileLoader testFileLoader) {
    checkArgument(
        source instanceof InFolder, "dataset %s has no files, so no test file either", name);
    InFolder folder = (InFolder) source;
    return new KnownDataset(
        name,
        new InFolder(folder.files(), folder.loader(), Optional.of(testFileLoader)),
        studyAugmentation);
  }

  /**
   * The files' description.
   *
   * @return the spec of the files, or empty for data inside the jar
   */
  public Optional<DatasetSpec> files() {
    return source instanceof InFolder folder ? Optional.of(folder.files()) : Optional.empty();
  }

  /**
   * The folder name under a data root ({@code $SNGRAD_DATA/<folder>/}, a study's {@code dataDir}):
   * {@code files().name()}, or the dataset's name for data inside the jar.
   *
   * @return the folder name, e.g. {@code cifar-10} for the dataset {@code cifar10}
   */
  public String folderName() {
    return files().map(DatasetSpec::name).orElse(name);
  }

  /**
   * Whether {@link #loadWithTestFile} is supported.
   *
   * @return true when the dataset is in files and has a test-file loader
   */
  public boolean readsTestFiles() {
    return source instanceof InFolder folder && folder.testFileLoader().isPresent();
  }

  /**
   * Loads both parts: data inside the jar directly, files from the folder {@code locator} finds
   * (looking into {@code callerFolder} first, downloading if its policy allows).
   *
   * @param locator finds the files; unused for data inside the jar
   * @param callerFolder a folder to look in first, if any; unused for data inside the jar
   * @return the training and test parts
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
   * @param folder the folder holding every file, e.g. from {@link DatasetLocator#locate}
   * @return the training and test parts
   * @throws IllegalArgumentException for data inside the jar, which has no folder
   * @throws IOException if a file is missing, malformed or cannot be read
   */
  public TrainTest loadFrom(Path folder) throws IOException {
    checkArgument(
        source instanceof InFolder, "dataset %s is inside the jar, not in a folder", name);
    return ((InFolder) source).loader().load(folder);
  }

  /**
   * Loads the training part from {@code folder} and the test part from file {@code testFile} of it.
   *
   * @param folder the folder holding the training files and the test file
   * @param testFile the test file's name within {@code folder}
   * @return the training part and the test part read from {@code testFile}
   * @throws IllegalArgumentException if this dataset does not read test files ({@link
   *     #readsTestFiles()})
   * @throws IOException if a file is missing, malformed or cannot be read
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
