package dev.sngrad.data;

import java.io.IOException;

/**
 * A dataset file whose content does not match its format: wrong magic number, truncated data,
 * counts that disagree, labels out of range, wrong image size, a {@code .gz} file that is not gzip.
 *
 * <p>The message always starts with the file (a path, or a classpath resource name) followed by the
 * problem, e.g. {@code /data/mnist/train-images-idx3-ubyte.gz: wrong magic number: expected
 * 0x00000803 (IDX images), found 0x00000801}.
 */
public final class MalformedDatasetException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The path or resource name of the offending file. */
  private final String file;

  /** What is wrong, without the file name. */
  private final String problem;

  /**
   * Creates an exception for {@code file} with the given human-readable {@code problem}.
   *
   * @param file the path or resource name of the offending file
   * @param problem what is wrong, without the file name
   */
  public MalformedDatasetException(String file, String problem) {
    super(file + ": " + problem);
    this.file = file;
    this.problem = problem;
  }

  /**
   * Like {@link #MalformedDatasetException(String, String)} with an underlying cause.
   *
   * @param file the path or resource name of the offending file
   * @param problem what is wrong, without the file name
   * @param cause the exception that revealed the problem, e.g. a {@link java.util.zip.ZipException}
   *     from a damaged gzip stream
   */
  public MalformedDatasetException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
    this.problem = problem;
  }

  /**
   * Returns an exception for a wrong magic number, printing both values as 8-digit hex.
   *
   * @param file the offending file
   * @param expected the magic number the format requires
   * @param found the first four bytes of the file as a big-endian int
   * @param what a description of the expected content, e.g. "IDX images"
   * @return the exception, to be thrown by the caller
   */
  public static MalformedDatasetException wrongMagic(
      String file, int expected, int found, String what) {
    return new MalformedDatasetException(
        file,
        String.format(
            "wrong magic number: expected 0x%08X (%s), found 0x%08X", expected, what, found));
  }

  /**
   * The offending file.
   *
   * @return its path or classpath resource name, as given to the constructor
   */
  public String file() {
    return file;
  }

  /**
   * The problem.
   *
   * @return what is wrong, without the file name
   */
  public String problem() {
    return problem;
  }
}
