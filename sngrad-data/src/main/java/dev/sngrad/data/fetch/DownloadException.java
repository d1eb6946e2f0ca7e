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

  /** The URL being downloaded. */
  private final URI uri;

  /** The destination path. */
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

  /**
   * The URL being downloaded.
   *
   * @return the URL as requested (before any redirect)
   */
  public URI uri() {
    return uri;
  }

  /**
   * The destination path.
   *
   * @return the path the file would have been saved to
   */
  public String file() {
    return file;
  }
}
