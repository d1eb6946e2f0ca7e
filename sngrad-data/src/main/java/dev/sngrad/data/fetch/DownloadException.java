package dev.sngrad.data.fetch;

import java.io.IOException;
import java.net.URI;

/**
 * A download that failed: unreachable host, HTTP error status, or a connection that ended before
 * the announced length. The message names the URL, the destination file and the problem. When this
 * is thrown nothing has been written at the destination.
 */
public final class DownloadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final URI uri;
  private final String file;

  /**
   * Creates the exception.
   *
   * @param uri the URL being downloaded
   * @param file the destination path
   * @param problem what went wrong
   * @param cause the underlying exception, or {@code null}
   */
  public DownloadException(URI uri, String file, String problem, Throwable cause) {
    super("download of " + uri + " to " + file + " failed: " + problem, cause);
    this.uri = uri;
    this.file = file;
  }

  /** The URL being downloaded. */
  public URI uri() {
    return uri;
  }

  /** The destination path. */
  public String file() {
    return file;
  }
}
