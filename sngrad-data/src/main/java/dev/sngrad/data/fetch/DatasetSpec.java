package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.net.URI;
import java.util.List;

/**
 * What a dataset's files are called, their official checksums, and where to download them.
 * Immutable.
 *
 * @param name the folder name used by {@link DatasetLocator}, e.g. {@code "fashion-mnist"}
 * @param displayName the name shown to people, e.g. {@code "Fashion-MNIST"}
 * @param files every file the loader needs
 * @param source where the files are downloaded from
 */
public record DatasetSpec(
    String name, String displayName, ImmutableList<DataFile> files, Source source) {

  /** Where a dataset's files come from. */
  public sealed interface Source permits PerFile, Archive {}

  /**
   * Each file is downloaded from {@code baseUri.resolve(fileName)} and checked against its {@link
   * DataFile#checksum()}.
   *
   * @param baseUri the mirror folder, ending with {@code /}
   */
  public record PerFile(URI baseUri) implements Source {
    /**
     * Checks that the base URI ends with a slash so that resolving file names appends them.
     *
     * @param baseUri the mirror folder
     * @throws IllegalArgumentException if {@code baseUri} does not end with {@code /}
     */
    public PerFile {
      checkArgument(baseUri.toString().endsWith("/"), "base URI %s must end with '/'", baseUri);
    }
  }

  /**
   * The files come in one {@code .tar.gz} archive, downloaded from {@code uri}, checked against
   * {@code checksum}, safely extracted, and each extracted file checked against its {@link
   * DataFile#checksum()}.
   *
   * @param uri the archive's URL; its last path segment is the archive's file name
   * @param checksum the archive's official digest
   * @param folderInArchive the folder inside the archive that holds the files, e.g. {@code
   *     cifar-10-batches-bin}
   */
  public record Archive(URI uri, Checksum checksum, String folderInArchive) implements Source {
    /**
     * Validates the arguments.
     *
     * @param uri the archive's URL
     * @param checksum the archive's official digest
     * @param folderInArchive the relative folder inside the archive that holds the files
     * @throws NullPointerException if {@code checksum} is null
     * @throws IllegalArgumentException if {@code folderInArchive} is absolute or contains {@code
     *     ..}, or the URI's path has no file name
     */
    public Archive {
      checkNotNull(checksum, "checksum");
      checkArgument(
          !folderInArchive.contains("..") && !folderInArchive.startsWith("/"),
          "folder in archive must be relative, got %s",
          folderInArchive);
      checkArgument(!fileName(uri).isEmpty(), "archive URI %s has no file name", uri);
    }

    /**
     * The archive's file name.
     *
     * @return the last segment of the URI's path, e.g. {@code cifar-10-binary.tar.gz}
     */
    public String fileName() {
      return fileName(uri);
    }

    private static String fileName(URI uri) {
      String path = uri.getPath() == null ? "" : uri.getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /**
   * Validates the arguments and copies {@code files}.
   *
   * @param name the folder name: lower-case letters, digits, {@code .}, {@code _} and {@code -},
   *     starting with a letter or digit
   * @param displayName the name shown to people
   * @param files every file the loader needs, at least one
   * @param source where the files are downloaded from
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is not a plain folder name or {@code files}
   *     is empty
   */
  public DatasetSpec {
    checkArgument(
        name.matches("[a-z0-9][a-z0-9._-]*"), "dataset name '%s' is not a plain folder name", name);
    checkNotNull(displayName, "displayName");
    files = ImmutableList.copyOf(files);
    checkArgument(!files.isEmpty(), "dataset %s lists no files", name);
    checkNotNull(source, "source");
  }

  /**
   * Creates a spec from a list of files (copied).
   *
   * @param name the folder name, e.g. {@code "mnist"}
   * @param displayName the name shown to people, e.g. {@code "MNIST"}
   * @param files every file the loader needs, at least one
   * @param source where the files are downloaded from
   * @return the spec
   * @throws IllegalArgumentException if {@code name} is not a plain folder name or {@code files}
   *     is empty
   */
  public static DatasetSpec of(
      String name, String displayName, List<DataFile> files, Source source) {
    return new DatasetSpec(name, displayName, ImmutableList.copyOf(files), source);
  }

  /**
   * The same spec downloading from another place, e.g. a local mirror or a test server. For a
   * {@link PerFile} source give the folder URI; for an {@link Archive} give the archive URI (the
   * checksum and folder stay).
   *
   * @param uri the new download location
   * @return a spec with the same name, files and checksums
   * @throws IllegalArgumentException if a folder URI does not end with {@code /}, or an archive URI
   *     has no file name
   */
  public DatasetSpec withDownloadUri(URI uri) {
    Source moved =
        source instanceof Archive archive
            ? new Archive(uri, archive.checksum(), archive.folderInArchive())
            : new PerFile(uri);
    return new DatasetSpec(name, displayName, files, moved);
  }
}
