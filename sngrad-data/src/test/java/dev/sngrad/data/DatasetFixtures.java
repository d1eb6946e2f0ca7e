package dev.sngrad.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes small, valid or deliberately broken dataset files for tests. */
public final class DatasetFixtures {
  private DatasetFixtures() {}

  /** The pixel value of image {@code i} at flat offset {@code k}: distinct and deterministic. */
  public static int pixel(int i, int k) {
    return (i * 31 + k * 7) & 0xFF;
  }

  /** An IDX images file: magic, count, rows, columns, then {@link #pixel} values. */
  public static byte[] idxImages(int magic, int count, int rows, int columns) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(columns);
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < rows * columns; k++) {
          out.writeByte(pixel(i, k));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A valid IDX images file of 28 x 28 images. */
  public static byte[] idxImages(int count) {
    return idxImages(0x00000803, count, 28, 28);
  }

  /** An IDX labels file with the given magic and labels. */
  public static byte[] idxLabels(int magic, int... labels) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(labels.length);
      for (int label : labels) {
        out.writeByte(label);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A valid IDX labels file with labels {@code i % 10}. */
  public static byte[] idxLabels(int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 10;
    }
    return idxLabels(0x00000801, labels);
  }

  /** Gzip-compresses {@code content}. */
  public static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The first {@code length} bytes of {@code content}. */
  public static byte[] prefix(byte[] content, int length) {
    return Arrays.copyOf(content, length);
  }

  /** Writes the four standard IDX files (gzipped) with {@code train} and {@code test} examples. */
  public static void writeIdxFolder(Path folder, int train, int test) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(train)));
    Files.write(folder.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(train)));
    Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(test)));
    Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(test)));
  }

  /** A CIFAR-10 batch: record {@code r} has label {@code labels[r]} and {@link #pixel} values. */
  public static byte[] cifarBatch(int... labels) {
    byte[] bytes = new byte[labels.length * 3073];
    for (int r = 0; r < labels.length; r++) {
      bytes[r * 3073] = (byte) labels[r];
      for (int k = 0; k < 3072; k++) {
        bytes[r * 3073 + 1 + k] = (byte) pixel(r, k);
      }
    }
    return bytes;
  }

  /** The CIFAR-10 class names as in {@code batches.meta.txt}, with its trailing blank lines. */
  public static String cifarMeta() {
    return String.join(
            "\n",
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck")
        + "\n\n";
  }

  /** One tar entry to write with {@link #tarGz}. */
  public record TarItem(String name, byte type, byte[] content, String linkTarget) {
    /** A regular file. */
    public static TarItem file(String name, byte[] content) {
      return new TarItem(name, TarArchiveEntry.LF_NORMAL, content, "");
    }

    /** A folder. */
    public static TarItem folder(String name) {
      return new TarItem(name, TarArchiveEntry.LF_DIR, new byte[0], "");
    }

    /** A symbolic link. */
    public static TarItem symlink(String name, String target) {
      return new TarItem(name, TarArchiveEntry.LF_SYMLINK, new byte[0], target);
    }

    /** A hard link. */
    public static TarItem hardLink(String name, String target) {
      return new TarItem(name, TarArchiveEntry.LF_LINK, new byte[0], target);
    }
  }

  /** A gzipped tar archive with the given entries; names are stored verbatim (even absolute). */
  public static byte[] tarGz(List<TarItem> items) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (TarItem item : items) {
        TarArchiveEntry entry = new TarArchiveEntry(item.name(), item.type(), true);
        if (!item.linkTarget().isEmpty()) {
          entry.setLinkName(item.linkTarget());
        }
        entry.setSize(item.type() == TarArchiveEntry.LF_NORMAL ? item.content().length : 0);
        tar.putArchiveEntry(entry);
        if (item.type() == TarArchiveEntry.LF_NORMAL) {
          tar.write(item.content());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** All regular files under {@code root}, relative, sorted. */
  public static List<String> listFiles(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
