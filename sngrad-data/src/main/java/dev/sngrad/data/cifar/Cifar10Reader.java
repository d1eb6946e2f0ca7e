package dev.sngrad.data.cifar;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.MalformedDatasetException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10 binary batch files ({@code data_batch_1.bin}, ..., {@code test_batch.bin}) and
 * {@code batches.meta.txt}.
 *
 * <p>A batch file is a sequence of 3,073-byte records: one label byte (0-9), then 1,024 red, 1,024
 * green and 1,024 blue bytes, each plane a row-major 32 x 32 image. That is already C, H, W order,
 * so pixels are copied as they are. A file whose size is zero or not a multiple of 3,073, or a
 * label above 9, raises a {@link MalformedDatasetException} naming the file and the problem.
 */
public final class Cifar10Reader {
  /** The shape of one CIFAR-10 image. */
  public static final ImageShape SHAPE = new ImageShape(3, 32, 32);

  /** Bytes per record: 1 label byte and {@code 3 * 32 * 32} pixel bytes. */
  public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

  private static final int NUM_CLASSES = 10;

  private Cifar10Reader() {}

  /**
   * Reads and concatenates batch files, in the given order.
   *
   * @param name the dataset's name, e.g. {@code "cifar-10/train"}
   * @param files one or more batch files
   * @param classNames the 10 class names (see {@link #readClassNames})
   * @return the dataset, images {@code [3, 32, 32]} of unsigned bytes 0..255, records in file order
   * @throws MalformedDatasetException naming the file if its size is not a positive multiple of
   *     {@value #RECORD_BYTES} bytes, it shrinks while being read, or a label is above 9
   * @throws IllegalArgumentException if no file is given, there are not 10 class names, or the
   *     files hold too many records for one array
   * @throws IOException if a file is missing or cannot be read
   */
  public static Dataset read(String name, List<Path> files, List<String> classNames)
      throws IOException {
    checkArgument(!files.isEmpty(), "no CIFAR-10 batch files given for %s", name);
    checkArgument(classNames.size() == NUM_CLASSES, "CIFAR-10 has 10 classes, got %s", classNames);
    long total = 0;
    for (Path file : files) {
      long size = Files.size(file);
      if (size == 0 || size % RECORD_BYTES != 0) {
        throw new MalformedDatasetException(
            file.toString(),
            "size "
                + size
                + " bytes is not a positive multiple of the "
                + RECORD_BYTES
                + "-byte record (1 label + 3072 pixels): "
                + (size == 0
                    ? "empty file"
                    : "truncated or not a CIFAR-10 batch, "
                        + size % RECORD_BYTES
                        + " bytes left over"));
      }
      total += size / RECORD_BYTES;
    }
    int pixelsPerImage = SHAPE.size();
    checkArgument(
        total * pixelsPerImage <= Integer.MAX_VALUE - 8,
        "%s records are too many for one array",
        total);
    byte[] pixels = new byte[(int) total * pixelsPerImage];
    int[] labels = new int[(int) total];
    int next = 0;
    byte[] record = new byte[RECORD_BYTES];
    for (Path file : files) {
      long records = Files.size(file) / RECORD_BYTES;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        for (long r = 0; r < records; r++) {
          int read = in.readNBytes(record, 0, RECORD_BYTES);
          if (read < RECORD_BYTES) {
            throw new MalformedDatasetException(
                file.toString(), "truncated while reading record " + r + " of " + records);
          }
          int label = record[0] & 0xFF;
          if (label >= NUM_CLASSES) {
            throw new MalformedDatasetException(
                file.toString(), "label " + label + " of record " + r + " is outside 0-9");
          }
          labels[next] = label;
          System.arraycopy(record, 1, pixels, next * pixelsPerImage, pixelsPerImage);
          next++;
        }
      }
    }
    return Dataset.wrap(name, pixels, labels, SHAPE, classNames);
  }

  /**
   * Reads the class names from {@code batches.meta.txt}: one name per line, blank lines ignored,
   * exactly 10 names, surrounding white space stripped.
   *
   * @param metaFile the {@code batches.meta.txt} file, ASCII
   * @return the 10 names indexed by label, e.g. {@code airplane} for label 0
   * @throws MalformedDatasetException naming the file if it does not hold exactly 10 names
   * @throws IOException if the file is missing or cannot be read (including non-ASCII content)
   */
  public static ImmutableList<String> readClassNames(Path metaFile) throws IOException {
    ImmutableList<String> names =
        Files.readAllLines(metaFile, StandardCharsets.US_ASCII).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(ImmutableList.toImmutableList());
    if (names.size() != NUM_CLASSES) {
      throw new MalformedDatasetException(
          metaFile.toString(), "expected 10 class names, one per line, found " + names.size());
    }
    return names;
  }
}
