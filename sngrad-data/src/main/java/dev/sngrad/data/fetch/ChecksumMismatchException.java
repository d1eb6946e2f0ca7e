package dev.sngrad.data.fetch;

import java.io.IOException;

/**
 * A file whose digest differs from the expected one. The message names the file, the algorithm and
 * both digests, e.g. {@code ~/.sngrad/datasets/mnist/train-labels-idx1-ubyte.gz: SHA-256 checksum
 * mismatch: expected 3552..., found 9f2c...}.
 */
public final class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file whose content was hashed. */
  private final String file;

  /** The expected checksum. */
  private final Checksum expected;

  /** The digest found, lower-case hex. */
  private final String actualHex;

  /**
   * Creates the exception.
   *
   * @param file the file (or the file being downloaded) whose content was hashed
   * @param expected the expected checksum
   * @param actualHex the digest found, lower-case hex
   */
  public ChecksumMismatchException(String file, Checksum expected, String actualHex) {
    super(
        file
            + ": "
            + expected.algorithm().displayName()
            + " checksum mismatch: expected "
            + expected.hex()
            + ", found "
            + actualHex);
    this.file = file;
    this.expected = expected;
    this.actualHex = actualHex;
  }

  /**
   * The file whose content was hashed.
   *
   * @return its path, followed by the download URL when it was being downloaded
   */
  public String file() {
    return file;
  }

  /**
   * The expected checksum.
   *
   * @return the official digest the file should have had
   */
  public Checksum expected() {
    return expected;
  }

  /**
   * The digest found.
   *
   * @return the digest of the actual content, lower-case hex
   */
  public String actualHex() {
    return actualHex;
  }
}
