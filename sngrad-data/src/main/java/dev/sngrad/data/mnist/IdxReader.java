package dev.sngrad.data.mnist;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.MalformedDatasetException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files as distributed for MNIST and Fashion-MNIST, gzip-compressed or not.
 *
 * <p>Format (big-endian): images are magic {@code 0x00000803}, count, rows, columns, then {@code
 * count * rows * columns} unsigned bytes, row-major; labels are magic {@code 0x00000801}, count,
 * then {@code count} unsigned bytes. Compression is detected from the content (gzip magic {@code 1F
 * 8B}); a file named {@code .gz} must be gzip. Every violation, including data after the declared
 * end, raises a {@link MalformedDatasetException} naming the file and the problem.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned-byte 3-d data (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned-byte 1-d data (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int BUFFER_BYTES = 1 << 16;

  /**
   * The first allocation for a file's data; it grows fourfold while data keeps coming. (Growing
   * twofold from 1 MiB cost MNIST's 47 MB of training pixels about 25 ms of copying, fourfold from
   * 4 MiB about 12 ms, on a 150 ms load.)
   */
  private static final int FIRST_CHUNK_BYTES = 1 << 22;

  private IdxReader() {}

  /**
   * The images of one IDX file.
   *
   * @param count the number of images
   * @param rows rows per image
   * @param columns columns per image
   * @param pixels {@code count * rows * columns} unsigned bytes, image after image, row-major (not
   *     copied: the record owns the array)
   */
  public record IdxImages(int count, int rows, int columns, byte[] pixels) {
    /**
     * Validates that the pixel array matches the dimensions.
     *
     * @param count the number of images
     * @param rows rows per image
     * @param columns columns per image
     * @param pixels {@code count * rows * columns} unsigned bytes
     * @throws IllegalArgumentException if the array's length is not {@code count * rows * columns}
     */
    public IdxImages {
      checkArgument(
          (long) count * rows * columns == pixels.length,
          "%s x %s x %s images need %s bytes, got %s",
          count,
          rows,
          columns,
          (long) count * rows * columns,
          pixels.length);
    }
  }

  /**
   * Returns {@code folder/name} if it exists, else, for a {@code .gz} name, the decompressed file
   * name without the suffix.
   *
   * @param folder the folder to look in
   * @param name the official file name, e.g. {@code train-images-idx3-ubyte.gz}
   * @return the regular file found
   * @throws NoSuchFileException naming every name tried if neither exists
   */
  public static Path resolve(Path folder, String name) throws NoSuchFileException {
    Path file = folder.resolve(name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    if (name.endsWith(".gz")) {
      Path plain = folder.resolve(name.substring(0, name.length() - 3));
      if (Files.isRegularFile(plain)) {
        return plain;
      }
      throw new NoSuchFileException(file.toString(), plain.toString(), "neither file exists");
    }
    throw new NoSuchFileException(file.toString());
  }

  /**
   * Reads an IDX images file; see {@link #readImages(InputStream, String)}.
   *
   * @param file the file, gzipped or not (a name ending in {@code .gz} must be gzip)
   * @return the images
   * @throws MalformedDatasetException naming the file if it is malformed
   * @throws IOException if the file cannot be opened or read
   */
  public static IdxImages readImages(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readImages(in, file.toString());
    }
  }

  /**
   * Reads IDX images from {@code in} (not closed), using {@code source} in messages and to decide
   * whether gzip is required (names ending in {@code .gz}). Memory follows the data actually
   * present, not the header's declared size: a header that claims more than the data holds fails
   * at the first missing byte.
   *
   * @param in the stream, positioned at the file's first byte; read to its end, not closed
   * @param source the file's path or resource name, for messages
   * @return the images, pixels row-major image after image
   * @throws MalformedDatasetException naming {@code source} for a wrong magic number, a negative
   *     image count, a row or column count below 1, more than {@code 2^31 - 9} pixel bytes,
   *     truncated or extra data, or damaged gzip data
   * @throws IOException if reading fails
   */
  public static IdxImages readImages(InputStream in, String source) throws IOException {
    // Closing `data` ends the Inflater at once; the caller's stream stays open.
    try (InputStream data = open(notClosing(in), source)) {
      int magic = readHeaderInt(data, source, "magic number");
      if (magic != IMAGES_MAGIC) {
        throw MalformedDatasetException.wrongMagic(source, IMAGES_MAGIC, magic, "IDX images");
      }
      int count = readHeaderInt(data, source, "image count");
      int rows = readHeaderInt(data, source, "row count");
      int columns = readHeaderInt(data, source, "column count");
      if (count < 0 || rows <= 0 || columns <= 0) {
        throw new MalformedDatasetException(
            source,
            "invalid dimensions: " + count + " images of " + rows + "x" + columns + " pixels");
      }
      long bytes = (long) count * rows * columns;
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new MalformedDatasetException(
            source,
            "declares "
                + count
                + " images of "
                + rows
                + "x"
                + columns
                + " = "
                + bytes
                + " bytes, more than one array can hold");
      }
      byte[] pixels =
          readDeclared(
              data,
              (int) bytes,
              source,
              count + " images of " + rows + "x" + columns + " (" + bytes + " bytes of pixels)");
      requireEnd(data, source, count + " images");
      return new IdxImages(count, rows, columns, pixels);
    } catch (ZipException | EOFException e) {
      throw corrupt(source, e);
    }
  }

  /**
   * Reads an IDX labels file; see {@link #readLabels(InputStream, String, int)}.
   *
   * @param file the file, gzipped or not (a name ending in {@code .gz} must be gzip)
   * @param numClasses the number of classes, in {@code [1, 256]}; every label must be below it
   * @return the labels, one per image, each in {@code [0, numClasses)}
   * @throws MalformedDatasetException naming the file if it is malformed or a label is out of range
   * @throws IllegalArgumentException if {@code numClasses} is outside {@code [1, 256]}
   * @throws IOException if the file cannot be opened or read
   */
  public static int[] readLabels(Path file, int numClasses) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readLabels(in, file.toString(), numClasses);
    }
  }

  /**
   * Reads IDX labels from {@code in} (not closed); see {@link #readImages(InputStream, String)}
   * for the handling of gzip and declared sizes.
   *
   * @param in the stream, positioned at the file's first byte; read to its end, not closed
   * @param source the file's path or resource name, for messages
   * @param numClasses the number of classes, in {@code [1, 256]}; every label must be below it
   * @return the labels, one per image, each in {@code [0, numClasses)}
   * @throws MalformedDatasetException naming {@code source} for a wrong magic number, a negative
   *     count, truncated or extra data, damaged gzip data, or a label out of range
   * @throws IllegalArgumentException if {@code numClasses} is outside {@code [1, 256]}
   * @throws IOException if reading fails
   */
  public static int[] readLabels(InputStream in, String source, int numClasses) throws IOException {
    checkArgument(numClasses > 0 && numClasses <= 256, "numClasses %s not in [1, 256]", numClasses);
    try (InputStream data = open(notClosing(in), source)) {
      int magic = readHeaderInt(data, source, "magic number");
      if (magic != LABELS_MAGIC) {
        throw MalformedDatasetException.wrongMagic(source, LABELS_MAGIC, magic, "IDX labels");
      }
      int count = readHeaderInt(data, source, "label count");
      if (count < 0) {
        throw new MalformedDatasetException(source, "invalid label count " + count);
      }
      byte[] raw = readDeclared(data, count, source, count + " labels (" + count + " bytes)");
      requireEnd(data, source, count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xFF;
        if (labels[i] >= numClasses) {
          throw new MalformedDatasetException(
              source,
              "label " + labels[i] + " at index " + i + " is outside 0-" + (numClasses - 1));
        }
      }
      return labels;
    } catch (ZipException | EOFException e) {
      throw corrupt(source, e);
    }
  }

  /**
   * Reads a pair of IDX files into a one-channel {@link Dataset}.
   *
   * @param name the dataset's name, e.g. {@code "mnist/train"}
   * @param images the images file
   * @param labels the labels file
   * @param expectedShape the image shape the files must have (one channel)
   * @param classNames class names indexed by label, 1 to 256 of them
   * @return the dataset, taking ownership of the arrays read (no copy)
   * @throws MalformedDatasetException for a malformed file, images of another size, or counts that
   *     disagree
   * @throws IllegalArgumentException if {@code expectedShape} has more than one channel or there
   *     are more than 256 class names
   * @throws IOException if a file cannot be opened or read
   */
  public static Dataset readDataset(
      String name, Path images, Path labels, ImageShape expectedShape, List<String> classNames)
      throws IOException {
    IdxImages imageData = readImages(images);
    int[] labelData = readLabels(labels, classNames.size());
    return toDataset(
        name,
        imageData,
        images.toString(),
        labelData,
        labels.toString(),
        expectedShape,
        classNames);
  }

  /** Like {@link #readDataset(String, Path, Path, ImageShape, List)} for already-read parts. */
  static Dataset toDataset(
      String name,
      IdxImages images,
      String imagesSource,
      int[] labels,
      String labelsSource,
      ImageShape expectedShape,
      List<String> classNames)
      throws MalformedDatasetException {
    checkArgument(
        expectedShape.channels() == 1, "IDX images have one channel, not %s", expectedShape);
    if (images.rows() != expectedShape.height() || images.columns() != expectedShape.width()) {
      throw new MalformedDatasetException(
          imagesSource,
          "wrong image size: "
              + images.rows()
              + "x"
              + images.columns()
              + ", expected "
              + expectedShape.height()
              + "x"
              + expectedShape.width());
    }
    if (images.count() != labels.length) {
      throw new MalformedDatasetException(
          labelsSource,
          "count mismatch: "
              + labels.length
              + " labels, but "
              + imagesSource
              + " has "
              + images.count()
              + " images");
    }
    return Dataset.wrap(name, images.pixels(), labels, expectedShape, classNames);
  }

  private static InputStream open(InputStream in, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean gzip = b0 == 0x1F && b1 == 0x8B;
    if (!gzip && source.endsWith(".gz")) {
      throw new MalformedDatasetException(
          source,
          String.format(
              "named .gz but not gzip: starts with %s, expected 0x1F 0x8B",
              b0 < 0
                  ? "nothing (empty file)"
                  : String.format("0x%02X 0x%02X", b0, Math.max(b1, 0))));
    }
    if (!gzip) {
      return buffered;
    }
    try {
      return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES);
    } catch (ZipException | EOFException e) {
      throw corrupt(source, e);
    }
  }

  private static InputStream notClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {
        // The caller owns `in` and closes it.
      }
    };
  }

  /**
   * Reads the {@code declared} bytes that a header announced, in an array that grows as the data
   * arrives (from {@value #FIRST_CHUNK_BYTES} bytes, fourfold up to {@code declared}), so that
   * memory follows the data actually present rather than the header's claim: a file declaring 2 GB
   * that holds a few bytes costs 4 MiB, not 2 GB, and fails at its first missing byte. While
   * reading, the array is at most four times the data read so far (plus the first 4 MiB); the last
   * growth step briefly holds the old array and the final one.
   *
   * @param what the declared content, for the message, e.g. {@code "5 labels (5 bytes)"}
   * @throws MalformedDatasetException naming {@code source}, the declared and the present size, if
   *     the data ends early
   */
  private static byte[] readDeclared(InputStream in, int declared, String source, String what)
      throws IOException {
    byte[] data = new byte[Math.min(declared, FIRST_CHUNK_BYTES)];
    int filled = in.readNBytes(data, 0, data.length);
    while (filled == data.length && filled < declared) {
      data = Arrays.copyOf(data, (int) Math.min(declared, 4L * data.length));
      filled += in.readNBytes(data, filled, data.length - filled);
    }
    if (filled < declared) {
      throw new MalformedDatasetException(
          source,
          "truncated: header declares " + what + " but the data ends after " + filled + " bytes");
    }
    return data;
  }

  private static int readHeaderInt(InputStream in, String source, String field) throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length < 4) {
      throw new MalformedDatasetException(
          source, "truncated: the file ends inside the header, where the " + field + " belongs");
    }
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  private static void requireEnd(InputStream in, String source, String declared)
      throws IOException {
    if (in.read() != -1) {
      throw new MalformedDatasetException(
          source, "extra data after the " + declared + " its header declares");
    }
  }

  private static MalformedDatasetException corrupt(String source, IOException e) {
    String problem =
        e instanceof EOFException
            ? "truncated gzip data (" + e.getMessage() + ")"
            : "corrupt gzip data (" + e.getMessage() + ")";
    return new MalformedDatasetException(source, problem, e);
  }
}
