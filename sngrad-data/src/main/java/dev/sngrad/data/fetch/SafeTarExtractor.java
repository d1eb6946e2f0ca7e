package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.MalformedDatasetException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a {@code .tar.gz} archive into a folder, refusing anything that could write outside it
 * or exhaust the disk.
 *
 * <p>Refused, with an {@link UnsafeArchiveException} naming archive, entry and problem: names with
 * a {@code ..} segment, absolute names ({@code /x}, {@code \x}, {@code C:x}), names that resolve
 * outside the target after normalization, symbolic links, hard links, devices, FIFOs and other
 * special entries, entries larger than {@link Limits#maxEntryBytes()}, archives whose files add up
 * to more than {@link Limits#maxTotalBytes()} or that have more than {@link Limits#maxEntries()}
 * entries. Each file is written to a temporary file in its destination folder and renamed with
 * {@link StandardCopyOption#ATOMIC_MOVE}. If extraction fails, every file this call wrote and every
 * folder it created is removed again, so a refused archive leaves the target as it was, except that
 * a file the archive had already replaced is removed rather than restored.
 */
public final class SafeTarExtractor {

  /**
   * Size limits.
   *
   * @param maxEntryBytes the largest single file, in bytes
   * @param maxTotalBytes the largest sum of all file sizes, in bytes
   * @param maxEntries the largest number of entries (files and folders)
   */
  public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
    /**
     * Validates that all limits are positive.
     *
     * @param maxEntryBytes the largest single file, in bytes
     * @param maxTotalBytes the largest sum of all file sizes, in bytes
     * @param maxEntries the largest number of entries
     * @throws IllegalArgumentException if a limit is not positive
     */
    public Limits {
      checkArgument(
          maxEntryBytes > 0 && maxTotalBytes > 0 && maxEntries > 0,
          "limits must be positive: %s, %s, %s",
          maxEntryBytes,
          maxTotalBytes,
          maxEntries);
    }

    /**
     * 200 MiB per file, 1 GiB in total, 1,000 entries: ample for CIFAR-10 (six 30 MB files plus
     * metadata).
     *
     * @return the default limits
     */
    public static Limits defaults() {
      return new Limits(200L << 20, 1L << 30, 1000);
    }
  }

  private final Limits limits;

  /**
   * Creates an extractor with the given limits. The extractor is immutable and may be shared.
   *
   * @param limits the size and count limits
   * @throws NullPointerException if {@code limits} is null
   */
  public SafeTarExtractor(Limits limits) {
    this.limits = checkNotNull(limits, "limits");
  }

  /**
   * Extracts {@code archive} (gzip-compressed tar) into {@code target}, creating it if needed.
   * Existing files of the same names are replaced.
   *
   * @param archive the {@code .tar.gz} file
   * @param target the folder to extract into
   * @return the regular files written, in archive order
   * @throws UnsafeArchiveException for a refused entry
   * @throws MalformedDatasetException if the archive is not gzip, is damaged or is truncated
   * @throws IOException if the archive cannot be read or a file cannot be written
   */
  public ImmutableList<Path> extractTarGz(Path archive, Path target) throws IOException {
    Files.createDirectories(target);
    Path root = target.toRealPath();
    List<Path> createdFiles = new ArrayList<>();
    List<Path> createdFolders = new ArrayList<>();
    boolean success = false;
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        InputStream gzip = openGzip(file, archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      long total = 0;
      int entries = 0;
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar, archive)) != null) {
        String name = entry.getName();
        if (++entries > limits.maxEntries()) {
          throw refuse(archive, name, "more than " + limits.maxEntries() + " entries");
        }
        Path destination = checkedDestination(archive, root, entry);
        if (entry.isDirectory()) {
          createFolders(archive, root, name, destination, createdFolders);
          continue;
        }
        long size = entry.getSize();
        if (size > limits.maxEntryBytes()) {
          throw refuse(
              archive,
              name,
              "size " + size + " bytes exceeds the limit of " + limits.maxEntryBytes() + " bytes");
        }
        total += size;
        if (total > limits.maxTotalBytes()) {
          throw refuse(
              archive,
              name,
              "files add up to more than the limit of " + limits.maxTotalBytes() + " bytes");
        }
        createFolders(archive, root, name, destination.getParent(), createdFolders);
        writeFile(archive, name, tar, size, destination);
        createdFiles.add(destination);
      }
      success = true;
      return ImmutableList.copyOf(createdFiles);
    } finally {
      if (!success) {
        for (Path p : createdFiles) {
          Files.deleteIfExists(p);
        }
        for (int i = createdFolders.size() - 1; i >= 0; i--) {
          deleteIfEmpty(createdFolders.get(i));
        }
      }
    }
  }

  private static InputStream openGzip(InputStream in, Path archive) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 != 0x1f || b1 != 0x8b) {
      throw new MalformedDatasetException(
          archive.toString(),
          String.format(
              "not a gzip file: starts with 0x%02X 0x%02X, expected 0x1F 0x8B",
              b0 & 0xFF, b1 & 0xFF));
    }
    try {
      return new GZIPInputStream(in, 1 << 16);
    } catch (IOException e) {
      throw corrupt(archive, e);
    }
  }

  /** Reads the next header; any failure here is a damaged archive. */
  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive)
      throws MalformedDatasetException {
    try {
      return tar.getNextEntry();
    } catch (IOException e) {
      throw corrupt(archive, e);
    }
  }

  /** Reads entry data; any failure here is a damaged archive. */
  private static int readData(InputStream tar, byte[] buffer, Path archive)
      throws MalformedDatasetException {
    try {
      return tar.read(buffer);
    } catch (IOException e) {
      throw corrupt(archive, e);
    }
  }

  private static MalformedDatasetException corrupt(Path archive, IOException e) {
    String kind = e instanceof EOFException ? "truncated" : "corrupt";
    return new MalformedDatasetException(
        archive.toString(),
        kind + " gzip/tar data: " + e.getClass().getSimpleName() + " " + e.getMessage(),
        e);
  }

  private static Path checkedDestination(Path archive, Path root, TarArchiveEntry entry)
      throws UnsafeArchiveException {
    String name = entry.getName();
    if (name.isEmpty()) {
      throw refuse(archive, name, "empty name");
    }
    if (entry.isSymbolicLink()) {
      throw refuse(archive, name, "symbolic link (to '" + entry.getLinkName() + "')");
    }
    if (entry.isLink()) {
      throw refuse(archive, name, "hard link (to '" + entry.getLinkName() + "')");
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      throw refuse(archive, name, "device or FIFO");
    }
    if (!entry.isDirectory() && (!entry.isFile() || entry.isSparse())) {
      throw refuse(archive, name, "not a regular file or folder");
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw refuse(archive, name, "absolute path");
    }
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw refuse(archive, name, "path traversal ('..' segment)");
      }
    }
    Path destination = root.resolve(name).normalize();
    if (!destination.startsWith(root) || (destination.equals(root) && !entry.isDirectory())) {
      throw refuse(archive, name, "resolves outside the target folder " + root);
    }
    return destination;
  }

  private static void createFolders(
      Path archive, Path root, String name, Path folder, List<Path> created) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = folder; p != null && !p.equals(root) && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      created.add(p);
    }
    // A folder that already existed could be a link pointing elsewhere.
    if (!folder.toRealPath().startsWith(root)) {
      throw refuse(archive, name, "its folder resolves outside the target folder " + root);
    }
  }

  private void writeFile(Path archive, String name, InputStream tar, long size, Path destination)
      throws IOException {
    Path temporary =
        Files.createTempFile(
            destination.getParent(), "." + destination.getFileName() + ".", ".part");
    try {
      long written = 0;
      try (OutputStream out = Files.newOutputStream(temporary)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = readData(tar, buffer, archive)) > 0) {
          written += n;
          if (written > limits.maxEntryBytes()) {
            throw refuse(
                archive, name, "more data than the limit of " + limits.maxEntryBytes() + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      if (written != size) {
        throw new MalformedDatasetException(
            archive.toString(),
            "entry '" + name + "' is truncated: " + written + " of " + size + " bytes");
      }
      Files.move(
          temporary,
          destination,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    try {
      Files.deleteIfExists(folder);
    } catch (DirectoryNotEmptyException e) {
      // Something other than this extraction wrote into it meanwhile; that is not ours to remove.
    }
  }

  private static UnsafeArchiveException refuse(Path archive, String entry, String problem) {
    return new UnsafeArchiveException(archive.toString(), entry, problem);
  }
}
