package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * One file of a dataset's official distribution.
 *
 * @param fileName the official file name, e.g. {@code train-images-idx3-ubyte.gz}
 * @param checksum the official digest of that file, verified after downloading it
 */
public record DataFile(String fileName, Checksum checksum) {

  /** Validates that the name is a plain file name. */
  public DataFile {
    checkNotNull(checksum, "checksum");
    checkArgument(
        !fileName.isEmpty() && !fileName.contains("/") && !fileName.contains("\\"),
        "data file name must be a plain file name, got '%s'",
        fileName);
  }

  /**
   * The names under which a local folder may hold this file: the official name, and for {@code .gz}
   * files also the decompressed name (e.g. {@code train-images-idx3-ubyte}).
   */
  public ImmutableList<String> acceptedNames() {
    return fileName.endsWith(".gz")
        ? ImmutableList.of(fileName, fileName.substring(0, fileName.length() - 3))
        : ImmutableList.of(fileName);
  }
}
