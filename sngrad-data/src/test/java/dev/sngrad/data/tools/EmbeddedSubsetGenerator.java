package dev.sngrad.data.tools;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.mnist.IdxReader;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the Fashion-MNIST subset embedded in sngrad-data's jar, deterministically.
 *
 * <p>From the official files in {@code SOURCE} it keeps, scanning each file in order, the first
 * {@value FashionMnist#EMBEDDED_TRAIN_PER_CLASS} training images of every class (10,000) and the
 * first {@value FashionMnist#EMBEDDED_TEST_PER_CLASS} test images of every class (2,000), in their
 * original order, and writes them as gzipped IDX files (deflate level 9, no file name or time in
 * the gzip header) under the standard names into {@code TARGET}. It prints, per class, the first
 * and last source index kept, and the SHA-256 of the uncompressed IDX data.
 *
 * <p>Run from {@code sngrad-data/} after {@code mvn test-compile}: {@code java -cp
 * target/classes:target/test-classes:GUAVA_JAR dev.sngrad.data.tools.EmbeddedSubsetGenerator
 * ../../shared/datasets/fashion-mnist
 * src/main/resources/dev/sngrad/data/embedded/fashion-mnist-subset}
 */
public final class EmbeddedSubsetGenerator {
  private EmbeddedSubsetGenerator() {}

  /** Arguments: SOURCE folder (official .gz files), TARGET folder. */
  public static void main(String[] args) throws IOException {
    checkArgument(args.length == 2, "usage: EmbeddedSubsetGenerator SOURCE TARGET");
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    Files.createDirectories(target);
    generate(
        source,
        target,
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        FashionMnist.EMBEDDED_TRAIN_PER_CLASS);
    generate(
        source,
        target,
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        FashionMnist.EMBEDDED_TEST_PER_CLASS);
  }

  private static void generate(
      Path source, Path target, String imagesName, String labelsName, int perClass)
      throws IOException {
    IdxReader.IdxImages images = IdxReader.readImages(source.resolve(imagesName));
    int[] labels = IdxReader.readLabels(source.resolve(labelsName), 10);
    int[] kept = select(labels, perClass);
    byte[] imageIdx = imagesIdx(images, kept);
    byte[] labelIdx = labelsIdx(labels, kept);
    writeGzip(target.resolve(imagesName), imageIdx);
    writeGzip(target.resolve(labelsName), labelIdx);
    System.out.printf(
        "%s: %d images, uncompressed SHA-256 %s%n", imagesName, kept.length, sha256(imageIdx));
    System.out.printf(
        "%s: %d labels, uncompressed SHA-256 %s%n", labelsName, kept.length, sha256(labelIdx));
    for (int c = 0; c < 10; c++) {
      int first = -1;
      int last = -1;
      int count = 0;
      for (int i : kept) {
        if (labels[i] == c) {
          first = first < 0 ? i : first;
          last = i;
          count++;
        }
      }
      System.out.printf("  class %d: %d images, source indices %d .. %d%n", c, count, first, last);
    }
  }

  /**
   * The indices kept: scanning in order, an example is kept while its class has fewer than {@code
   * perClass} kept examples. Fails if some class has fewer than {@code perClass}.
   */
  public static int[] select(int[] labels, int perClass) {
    int[] counts = new int[10];
    int[] kept = new int[10 * perClass];
    int n = 0;
    for (int i = 0; i < labels.length && n < kept.length; i++) {
      if (counts[labels[i]] < perClass) {
        counts[labels[i]]++;
        kept[n++] = i;
      }
    }
    checkArgument(
        n == kept.length,
        "some class has fewer than %s examples: %s",
        perClass,
        Arrays.toString(counts));
    return kept;
  }

  /** The uncompressed IDX images file holding {@code kept} images of {@code images}. */
  public static byte[] imagesIdx(IdxReader.IdxImages images, int[] kept) throws IOException {
    int size = images.rows() * images.columns();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + kept.length * size);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.IMAGES_MAGIC);
    out.writeInt(kept.length);
    out.writeInt(images.rows());
    out.writeInt(images.columns());
    for (int i : kept) {
      out.write(images.pixels(), i * size, size);
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** The uncompressed IDX labels file holding the labels of {@code kept}. */
  public static byte[] labelsIdx(int[] labels, int[] kept) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + kept.length);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.LABELS_MAGIC);
    out.writeInt(kept.length);
    for (int i : kept) {
      out.writeByte(labels[i]);
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static void writeGzip(Path file, byte[] content) throws IOException {
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file));
        GZIPOutputStream gzip = new BestGzipOutputStream(raw)) {
      gzip.write(content);
    }
  }

  /** Java's GZIPOutputStream header has no name and time 0; this one uses deflate level 9. */
  private static final class BestGzipOutputStream extends GZIPOutputStream {
    BestGzipOutputStream(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }

  /** Lower-case hex SHA-256 of {@code content}. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
