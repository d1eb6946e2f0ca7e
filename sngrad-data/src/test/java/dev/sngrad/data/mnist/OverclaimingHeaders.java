package dev.sngrad.data.mnist;

import static dev.sngrad.data.DatasetFixtures.gzip;

import dev.sngrad.data.MalformedDatasetException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in its own JVM under a small heap by {@link IdxReaderSmallHeapTest}: writes IDX files whose
 * headers declare about 2 GB (2,739,000 images of 28 x 28; 2,000,000,000 labels) but hold only a
 * few bytes, plain and gzipped, reads each, and prints one line per file with the loader's message.
 * Any other outcome (an {@link OutOfMemoryError} above all) escapes and ends the JVM with a
 * non-zero status.
 */
final class OverclaimingHeaders {
  static final int CLAIMED_IMAGES = 2_739_000;
  static final int CLAIMED_LABELS = 2_000_000_000;
  static final int PRESENT_BYTES = 100;

  private OverclaimingHeaders() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    byte[] images = header(IdxReader.IMAGES_MAGIC, CLAIMED_IMAGES, 28, 28);
    byte[] labels = header(IdxReader.LABELS_MAGIC, CLAIMED_LABELS);
    report(() -> IdxReader.readImages(Files.write(dir.resolve("images"), images)));
    report(() -> IdxReader.readImages(Files.write(dir.resolve("images.gz"), gzip(images))));
    report(() -> IdxReader.readLabels(Files.write(dir.resolve("labels"), labels), 10));
    report(() -> IdxReader.readLabels(Files.write(dir.resolve("labels.gz"), gzip(labels)), 10));
  }

  /** A header of big-endian ints followed by {@link #PRESENT_BYTES} bytes of data. */
  private static byte[] header(int... fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (int field : fields) {
        out.writeInt(field);
      }
      out.write(new byte[PRESENT_BYTES]);
    }
    return bytes.toByteArray();
  }

  private interface Read {
    void run() throws IOException;
  }

  private static void report(Read read) throws IOException {
    try {
      read.run();
      System.out.println("read without error");
    } catch (MalformedDatasetException e) {
      System.out.println(e.getMessage());
    }
  }
}
