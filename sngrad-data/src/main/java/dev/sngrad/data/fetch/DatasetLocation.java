package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;

/**
 * Where {@link DatasetLocator} found a dataset.
 *
 * @param folder the folder holding every file of the dataset
 * @param origin which step of the search order found it
 */
public record DatasetLocation(Path folder, Origin origin) {

  /** The steps of the search order, first to last. */
  public enum Origin {
    /** 1. A folder given by the caller (e.g. {@code --data-dir}). */
    CALLER_FOLDER,
    /** 2. {@code $SNGRAD_DATA/<name>/}. */
    ENVIRONMENT,
    /** 3. {@code ~/.sngrad/datasets/<name>/}, the download cache, already filled. */
    USER_CACHE,
    /** 4. {@code /usr/share/datasets/<name>/}, e.g. Debian's package dataset-fashion-mnist. */
    SYSTEM,
    /** 5. Just downloaded into {@code ~/.sngrad/datasets/<name>/}. */
    DOWNLOAD
  }

  /**
   * Validates the arguments.
   *
   * @param folder the folder holding every file of the dataset
   * @param origin which step of the search order found it
   * @throws NullPointerException if an argument is null
   */
  public DatasetLocation {
    checkNotNull(folder, "folder");
    checkNotNull(origin, "origin");
  }
}
