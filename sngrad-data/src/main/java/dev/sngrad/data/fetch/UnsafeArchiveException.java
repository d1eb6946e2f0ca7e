package dev.sngrad.data.fetch;

import java.io.IOException;

/**
 * An archive entry that {@link SafeTarExtractor} refuses: a path with {@code ..}, an absolute path,
 * a symbolic or hard link, a device or other special file, or a size over the limit. The message
 * names the archive, the entry and the problem.
 */
public final class UnsafeArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The archive file. */
  private final String archive;

  /** The offending entry's name as stored in the archive. */
  private final String entry;

  /**
   * Creates the exception.
   *
   * @param archive the archive file
   * @param entry the offending entry's name as stored in the archive
   * @param problem why it is refused
   */
  public UnsafeArchiveException(String archive, String entry, String problem) {
    super(archive + ": entry '" + entry + "' refused: " + problem);
    this.archive = archive;
    this.entry = entry;
  }

  /**
   * The archive file.
   *
   * @return the archive's path
   */
  public String archive() {
    return archive;
  }

  /**
   * The refused entry.
   *
   * @return the entry's name as stored in the archive
   */
  public String entry() {
    return entry;
  }
}
