package dev.sngrad.data.fetch;

import java.io.IOException;

/**
 * No folder in the search order holds a dataset and downloading it failed or is disabled. The
 * message lists the folders searched, the files needed with their download URLs and checksums, and
 * where to put them.
 */
public final class DatasetNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a full, multi-line message and the download failure, if any.
   *
   * @param message what was searched, what is needed and where to put it
   * @param cause why the download failed (e.g. a {@link DownloadException} or {@link
   *     ChecksumMismatchException}), or {@code null} when downloading was disabled
   */
  public DatasetNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
