package dev.sngrad.bench.experiment;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to load the data of one dataset of a study: the arguments of {@link DataBundle#load}, small
 * and serializable, so that another process (a cluster's worker) can load the same data from its
 * own files instead of receiving the examples.
 *
 * @param name the dataset name
 * @param folder the folder searched first, as an absolute path ({@code ""}: none)
 * @param download whether a dataset found nowhere may be downloaded
 * @param validation examples held out of the training set (seed 0 chooses them)
 * @param testFile CIFAR-10's test file in {@code folder} ({@code ""}: the standard one)
 */
public record DataSource(String name, String folder, boolean download, int validation, String testFile)
    implements Serializable {
  public DataSource {
    folder = folder == null ? "" : folder;
    testFile = testFile == null ? "" : testFile;
  }

  /** A source from the optional folder and test file of a study. */
  public static DataSource of(String name, Optional<Path> folder, boolean download, int validation, Optional<String> testFile) {
    return new DataSource(name, folder.map(f -> f.toAbsolutePath().toString()).orElse(""), download, validation,
        testFile.orElse(""));
  }

  /** The folder searched first, if any. */
  public Optional<Path> folderPath() {
    return folder.isEmpty() ? Optional.empty() : Optional.of(Path.of(folder));
  }

  /** Loads the data, looking in {@code folder} first. */
  public DataBundle load() throws IOException {
    return loadFrom(folderPath());
  }

  /** Loads the data, looking in {@code firstFolder} first instead of {@link #folder}. */
  public DataBundle loadFrom(Optional<Path> firstFolder) throws IOException {
    return DataBundle.load(name, firstFolder, download, validation, 0, testFile.isEmpty() ? Optional.empty() : Optional.of(testFile));
  }
}
