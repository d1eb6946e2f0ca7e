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

  /**
   * Validates that the name is a plain file name.
   *
   * @param fileName the official file name
   * @param checksum the official digest of that file
   * @throws NullPointerException if {@code checksum} or {@code fileName} is null
   * @throws IllegalArgumentException if {@code fileName} is empty or contains {@code /} or {@code
   *     \}
   */
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
   *
   * @return the official name first, then the decompressed one if any
   */
  public ImmutableList<String> acceptedNames() {
    return fileName.endsWith(".gz")
        ? ImmutableList.of(fileName, fileName.substring(0, fileName.length() - 3))
        : ImmutableList.of(fileName);
  }
}
