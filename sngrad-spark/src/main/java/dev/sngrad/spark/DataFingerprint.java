package dev.sngrad.spark;

import com.google.common.io.BaseEncoding;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.data.Dataset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of the examples a {@link DataBundle} holds (shape, labels and pixels of the training
 * set, the validation split and the test set, in that order), not of its files: the same data
 * read from recompressed or decompressed copies of the files has the same fingerprint, and any
 * changed pixel or label changes it.
 */
final class DataFingerprint {
  private DataFingerprint() {}

  /** The fingerprint of {@code data}, as lower-case hex. */
  static String of(DataBundle data) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    add(digest, data.train());
    data.validation().ifPresentOrElse(v -> add(digest, v), () -> digest.update((byte) 0));
    add(digest, data.test());
    return BaseEncoding.base16().lowerCase().encode(digest.digest());
  }

  private static void add(MessageDigest digest, Dataset set) {
    digest.update(set.shape().toString().getBytes(StandardCharsets.UTF_8));
    int[] labels = set.labels();
    ByteBuffer labelBytes = ByteBuffer.allocate(4 * labels.length);
    labelBytes.asIntBuffer().put(labels);
    digest.update(labelBytes);
    digest.update(set.pixels());
  }
}
