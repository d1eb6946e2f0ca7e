package dev.sngrad.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Computes and verifies file digests (SHA-256, MD5), streaming the file in 64 KiB chunks. */
public final class Checksums {
  private Checksums() {}

  /**
   * Computes the digest of a file's content, reading it in 64 KiB chunks (memory does not grow
   * with the file).
   *
   * @param file the file to hash
   * @param algorithm the digest algorithm
   * @return the digest as lower-case hex
   * @throws IOException if the file cannot be read
   */
  public static String compute(Path file, Checksum.Algorithm algorithm) throws IOException {
    MessageDigest digest = algorithm.newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Checks that {@code file} has the {@code expected} digest.
   *
   * @param file the file to hash
   * @param expected the digest it must have, with its algorithm
   * @throws ChecksumMismatchException naming the file and both digests if they differ
   * @throws IOException if the file cannot be read
   */
  public static void verify(Path file, Checksum expected) throws IOException {
    String actual = compute(file, expected.algorithm());
    if (!actual.equals(expected.hex())) {
      throw new ChecksumMismatchException(file.toString(), expected, actual);
    }
  }
}
