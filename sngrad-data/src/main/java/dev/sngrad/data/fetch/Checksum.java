package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

// "@serial exclude" below: a record's serial form is exactly its components, documented by the
// @param tags, and javadoc 17 would otherwise report the record's private fields as undocumented
// (JDK-8275199, fixed in later JDKs).
/**
 * An expected digest of a file. Immutable; serializable because {@link ChecksumMismatchException}
 * carries one.
 *
 * @param algorithm the digest algorithm
 * @param hex the digest as lower-case hexadecimal ({@code 64} digits for SHA-256, {@code 32} for
 *     MD5); upper case input is lower-cased
 * @serial exclude
 */
public record Checksum(Algorithm algorithm, String hex) implements Serializable {

  /** Supported digest algorithms. */
  public enum Algorithm {
    /** SHA-256, 32 bytes; preferred. */
    SHA_256("SHA-256", 32),
    /** MD5, 16 bytes; only where no official SHA-256 exists (the CIFAR-10 archive). */
    MD5("MD5", 16);

    private final String javaName;
    private final int bytes;

    Algorithm(String javaName, int bytes) {
      this.javaName = javaName;
      this.bytes = bytes;
    }

    /**
     * The algorithm's standard name.
     *
     * @return the name used by {@link MessageDigest} and in messages, e.g. {@code "SHA-256"}
     */
    public String displayName() {
      return javaName;
    }

    /**
     * A new digest for this algorithm (every JDK provides both).
     *
     * @return a fresh, unshared digest
     * @throws IllegalStateException if the JDK lacks the algorithm (never on a conforming JDK)
     */
    public MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance(javaName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks the required digest " + javaName, e);
      }
    }
  }

  /**
   * Validates length and hex digits; lower-cases {@code hex}.
   *
   * @param algorithm the digest algorithm
   * @param hex the digest in hexadecimal, either case
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code hex} has the wrong length for the algorithm or a
   *     character that is not a hex digit
   */
  public Checksum {
    checkNotNull(algorithm, "algorithm");
    hex = hex.toLowerCase(Locale.ROOT);
    checkArgument(
        hex.length() == 2 * algorithm.bytes && hex.chars().allMatch(Checksum::isHexDigit),
        "%s checksum must be %s hex digits, got '%s'",
        algorithm.displayName(),
        2 * algorithm.bytes,
        hex);
  }

  /**
   * A SHA-256 checksum.
   *
   * @param hex 64 hex digits, either case
   * @return the checksum
   * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
   */
  public static Checksum sha256(String hex) {
    return new Checksum(Algorithm.SHA_256, hex);
  }

  /**
   * An MD5 checksum.
   *
   * @param hex 32 hex digits, either case
   * @return the checksum
   * @throws IllegalArgumentException if {@code hex} is not 32 hex digits
   */
  public static Checksum md5(String hex) {
    return new Checksum(Algorithm.MD5, hex);
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Prints e.g. {@code SHA-256 558e74b5...}. */
  @Override
  public String toString() {
    return algorithm.displayName() + " " + hex;
  }
}
