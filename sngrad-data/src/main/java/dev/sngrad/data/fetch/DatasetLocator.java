package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.data.MalformedDatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a dataset's files; the first folder that holds all of them wins:
 *
 * <ol>
 *   <li>a folder given by the caller;
 *   <li>{@code $SNGRAD_DATA/<name>/};
 *   <li>{@code ~/.sngrad/datasets/<name>/};
 *   <li>{@code /usr/share/datasets/<name>/} (Debian's package {@code dataset-fashion-mnist}
 *       installs Fashion-MNIST there);
 *   <li>a download from the official mirror into {@code ~/.sngrad/datasets/<name>/}, verified
 *       against the official checksums (see {@link Downloader}).
 * </ol>
 *
 * <p>A folder holds a file when it contains it under its official name or, for {@code .gz} files,
 * decompressed without the suffix. For archive-distributed datasets (CIFAR-10) the files may also
 * sit in the archive's folder, e.g. {@code <folder>/cifar-10-batches-bin/}. Files found locally are
 * not hashed (Debian's Fashion-MNIST files, for instance, are recompressed and differ byte-wise
 * from upstream while holding identical data); the loaders validate their format instead. When
 * nothing is found and downloading fails or is disabled, {@link DatasetNotFoundException} says
 * which files are needed and where to put them.
 *
 * <p>Immutable. Two processes downloading the same archive-distributed dataset at once share the
 * archive's path in the cache, so one of them may fail; a retry then finds the files.
 */
public final class DatasetLocator {
  /** The environment variable naming a folder that holds {@code <name>/} dataset folders. */
  public static final String ENVIRONMENT_VARIABLE = "SNGRAD_DATA";

  /** Whether step 5 (download) may run. */
  public enum DownloadPolicy {
    /** Download into the user cache when no folder holds the dataset. */
    DOWNLOAD_IF_MISSING,
    /** Never touch the network; fail with instructions instead. */
    NEVER
  }

  private final Optional<Path> environmentRoot;
  private final Path userCacheRoot;
  private final Path systemRoot;
  private final Downloader downloader;
  private final DownloadPolicy policy;

  /**
   * Creates a locator with explicit folders (tests use temporary ones).
   *
   * @param environmentRoot the value of {@code $SNGRAD_DATA}, if set
   * @param userCacheRoot normally {@code ~/.sngrad/datasets}; downloads go to {@code
   *     userCacheRoot/<name>}
   * @param systemRoot normally {@code /usr/share/datasets}
   * @param downloader used for step 5
   * @param policy whether step 5 may run
   * @throws NullPointerException if an argument is null
   */
  public DatasetLocator(
      Optional<Path> environmentRoot,
      Path userCacheRoot,
      Path systemRoot,
      Downloader downloader,
      DownloadPolicy policy) {
    this.environmentRoot = checkNotNull(environmentRoot, "environmentRoot");
    this.userCacheRoot = checkNotNull(userCacheRoot, "userCacheRoot");
    this.systemRoot = checkNotNull(systemRoot, "systemRoot");
    this.downloader = checkNotNull(downloader, "downloader");
    this.policy = checkNotNull(policy, "policy");
  }

  /**
   * The standard search order for this machine: {@code $SNGRAD_DATA} (if set and not empty), {@code
   * ~/.sngrad/datasets}, {@code /usr/share/datasets}, {@link Downloader#standard()}.
   *
   * @param policy whether step 5 (download) may run
   * @return the locator
   */
  public static DatasetLocator standard(DownloadPolicy policy) {
    Optional<Path> environment =
        Optional.ofNullable(System.getenv(ENVIRONMENT_VARIABLE))
            .filter(s -> !s.isBlank())
            .map(Path::of);
    return new DatasetLocator(
        environment,
        defaultUserCacheRoot(),
        Path.of("/usr/share/datasets"),
        Downloader.standard(),
        policy);
  }

  /**
   * The user's download cache.
   *
   * @return {@code ~/.sngrad/datasets}, from the {@code user.home} system property
   */
  public static Path defaultUserCacheRoot() {
    return Path.of(System.getProperty("user.home"), ".sngrad", "datasets");
  }

  /**
   * The search order as text for {@code --help} output and error messages; {@code <name>} stands
   * for a dataset's folder name ({@link DatasetSpec#name()}).
   *
   * @return several lines separated by the platform's line separator, without a final one
   */
  public static String searchOrderHelp() {
    return String.join(
        System.lineSeparator(),
        "Datasets are looked up in this order; the first folder holding all files wins:",
        "  1. the folder given on the command line (--data-dir DIR)",
        "  2. $" + ENVIRONMENT_VARIABLE + "/<name>/",
        "  3. ~/.sngrad/datasets/<name>/",
        "  4. /usr/share/datasets/<name>/ (Debian: apt install dataset-fashion-mnist)",
        "  5. download from the official mirror into ~/.sngrad/datasets/<name>/, verified by"
            + " checksum",
        "Files named .gz may also be stored decompressed, without the suffix.");
  }

  /** One folder of the search order. */
  private record Candidate(DatasetLocation.Origin origin, Path folder) {}

  /**
   * Returns where {@code spec} is, downloading it if needed and allowed.
   *
   * @param spec the dataset
   * @param callerFolder step 1, if the caller named a folder
   * @return the folder holding every file (possibly the archive's subfolder of a candidate) and the
   *     step that found it
   * @throws DatasetNotFoundException if no folder holds it and downloading is disabled or failed;
   *     any failure while downloading, extracting or verifying (e.g. a {@link
   *     ChecksumMismatchException}) becomes its cause
   * @throws IOException declared for the file system; looking into the candidate folders does not
   *     throw, so in practice the failure is a {@link DatasetNotFoundException}
   */
  public DatasetLocation locate(DatasetSpec spec, Optional<Path> callerFolder) throws IOException {
    List<Candidate> candidates = candidates(spec, callerFolder);
    for (Candidate candidate : candidates) {
      Optional<Path> folder = holdingFolder(spec, candidate.folder());
      if (folder.isPresent()) {
        return new DatasetLocation(folder.get(), candidate.origin());
      }
    }
    Path cache = userCacheRoot.resolve(spec.name());
    if (policy == DownloadPolicy.NEVER) {
      throw notFound(spec, candidates, "downloading is disabled", null);
    }
    try {
      download(spec, cache);
    } catch (IOException e) {
      throw notFound(spec, candidates, "downloading it failed: " + e.getMessage(), e);
    }
    return new DatasetLocation(cache, DatasetLocation.Origin.DOWNLOAD);
  }

  private List<Candidate> candidates(DatasetSpec spec, Optional<Path> callerFolder) {
    List<Candidate> list = new ArrayList<>();
    callerFolder.ifPresent(f -> list.add(new Candidate(DatasetLocation.Origin.CALLER_FOLDER, f)));
    environmentRoot.ifPresent(
        r -> list.add(new Candidate(DatasetLocation.Origin.ENVIRONMENT, r.resolve(spec.name()))));
    list.add(new Candidate(DatasetLocation.Origin.USER_CACHE, userCacheRoot.resolve(spec.name())));
    list.add(new Candidate(DatasetLocation.Origin.SYSTEM, systemRoot.resolve(spec.name())));
    return list;
  }

  /** The folder (the candidate or its archive subfolder) that holds every file, if any. */
  static Optional<Path> holdingFolder(DatasetSpec spec, Path candidate) {
    List<Path> folders = new ArrayList<>();
    folders.add(candidate);
    if (spec.source() instanceof DatasetSpec.Archive archive) {
      folders.add(candidate.resolve(archive.folderInArchive()));
    }
    return folders.stream().filter(f -> holdsAll(spec, f)).findFirst();
  }

  private static boolean holdsAll(DatasetSpec spec, Path folder) {
    return Files.isDirectory(folder)
        && spec.files().stream()
            .allMatch(
                f ->
                    f.acceptedNames().stream()
                        .anyMatch(n -> Files.isRegularFile(folder.resolve(n))));
  }

  private void download(DatasetSpec spec, Path cache) throws IOException {
    Files.createDirectories(cache);
    if (spec.source() instanceof DatasetSpec.PerFile perFile) {
      for (DataFile file : spec.files()) {
        boolean present =
            file.acceptedNames().stream().anyMatch(n -> Files.isRegularFile(cache.resolve(n)));
        if (!present) {
          URI uri = perFile.baseUri().resolve(file.fileName());
          downloader.download(uri, cache.resolve(file.fileName()), file.checksum());
        }
      }
    } else if (spec.source() instanceof DatasetSpec.Archive archive) {
      downloadArchive(spec, archive, cache);
    }
  }

  private void downloadArchive(DatasetSpec spec, DatasetSpec.Archive archive, Path cache)
      throws IOException {
    Path archiveFile = cache.resolve(archive.fileName());
    downloader.download(archive.uri(), archiveFile, archive.checksum());
    Path staging = Files.createTempDirectory(cache, ".extract-");
    try {
      new SafeTarExtractor(SafeTarExtractor.Limits.defaults()).extractTarGz(archiveFile, staging);
      Path inner = staging.resolve(archive.folderInArchive());
      for (DataFile file : spec.files()) {
        Path extracted = inner.resolve(file.fileName());
        if (!Files.isRegularFile(extracted)) {
          throw new MalformedDatasetException(
              archiveFile.toString(),
              "archive lacks " + archive.folderInArchive() + "/" + file.fileName());
        }
        Checksums.verify(extracted, file.checksum());
      }
      for (DataFile file : spec.files()) {
        Files.move(
            inner.resolve(file.fileName()),
            cache.resolve(file.fileName()),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      deleteTree(staging);
      Files.deleteIfExists(archiveFile);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private DatasetNotFoundException notFound(
      DatasetSpec spec, List<Candidate> searched, String reason, Throwable cause) {
    String nl = System.lineSeparator();
    StringBuilder m = new StringBuilder();
    m.append(spec.displayName()).append(" not found, and ").append(reason).append('.').append(nl);
    m.append("Searched, in order:").append(nl);
    for (Candidate c : searched) {
      m.append("  ").append(c.folder()).append("  (").append(c.origin()).append(')').append(nl);
    }
    if (environmentRoot.isEmpty()) {
      m.append("  ($").append(ENVIRONMENT_VARIABLE).append(" is not set)").append(nl);
    }
    Path cache = userCacheRoot.resolve(spec.name());
    if (spec.source() instanceof DatasetSpec.Archive archive) {
      m.append("To install it by hand, download ")
          .append(archive.uri())
          .append(" (")
          .append(archive.checksum())
          .append("), extract it, and put these files from its ")
          .append(archive.folderInArchive())
          .append("/ folder into ")
          .append(cache)
          .append(':')
          .append(nl);
      for (DataFile f : spec.files()) {
        m.append("  ")
            .append(f.fileName())
            .append("  (")
            .append(f.checksum())
            .append(')')
            .append(nl);
      }
    } else if (spec.source() instanceof DatasetSpec.PerFile perFile) {
      m.append("To install it by hand, put these files into ").append(cache).append(':').append(nl);
      for (DataFile f : spec.files()) {
        m.append("  ")
            .append(perFile.baseUri().resolve(f.fileName()))
            .append("  (")
            .append(f.checksum())
            .append(')')
            .append(nl);
      }
    }
    m.append("or into $")
        .append(ENVIRONMENT_VARIABLE)
        .append('/')
        .append(spec.name())
        .append("/, or pass the folder explicitly (e.g. --data-dir).");
    return new DatasetNotFoundException(m.toString(), cause);
  }
}
