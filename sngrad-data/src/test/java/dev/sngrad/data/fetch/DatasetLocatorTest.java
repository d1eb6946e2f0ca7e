package dev.sngrad.data.fetch;

import static dev.sngrad.data.DatasetFixtures.TarItem.file;
import static dev.sngrad.data.DatasetFixtures.TarItem.folder;
import static dev.sngrad.data.DatasetFixtures.listFiles;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.DatasetFixtures;
import dev.sngrad.data.fetch.DatasetLocation.Origin;
import dev.sngrad.data.fetch.DatasetLocator.DownloadPolicy;
import dev.sngrad.data.mnist.Mnist;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  @TempDir Path root;
  private Path caller;
  private Path environment;
  private Path cache;
  private Path system;
  private LocalHttpServer server;
  private Downloader downloader;

  private static final byte[] TRAIN_IMAGES = DatasetFixtures.gzip(DatasetFixtures.idxImages(20));
  private static final byte[] TRAIN_LABELS = DatasetFixtures.gzip(DatasetFixtures.idxLabels(20));
  private static final byte[] TEST_IMAGES = DatasetFixtures.gzip(DatasetFixtures.idxImages(10));
  private static final byte[] TEST_LABELS = DatasetFixtures.gzip(DatasetFixtures.idxLabels(10));

  @BeforeEach
  void setUp() throws IOException {
    caller = root.resolve("caller");
    environment = root.resolve("env");
    cache = root.resolve("home/.sngrad/datasets");
    system = root.resolve("usr/share/datasets");
    server = new LocalHttpServer();
    downloader =
        new Downloader(
            HttpClient.newHttpClient(),
            ProgressReporter.NONE,
            Duration.ofSeconds(10),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private DatasetLocator locator(DownloadPolicy policy) {
    return new DatasetLocator(Optional.of(environment), cache, system, downloader, policy);
  }

  private static Checksum sha256(byte[] bytes) {
    return Checksum.sha256(
        HexFormat.of().formatHex(Checksum.Algorithm.SHA_256.newDigest().digest(bytes)));
  }

  /** A spec like MNIST's but with the fixture files' checksums and the local server as mirror. */
  private DatasetSpec fixtureSpec() {
    return DatasetSpec.of(
        "mnist",
        "MNIST",
        List.of(
            new DataFile("train-images-idx3-ubyte.gz", sha256(TRAIN_IMAGES)),
            new DataFile("train-labels-idx1-ubyte.gz", sha256(TRAIN_LABELS)),
            new DataFile("t10k-images-idx3-ubyte.gz", sha256(TEST_IMAGES)),
            new DataFile("t10k-labels-idx1-ubyte.gz", sha256(TEST_LABELS))),
        new DatasetSpec.PerFile(server.uri("/mnist/")));
  }

  private void serveFixtures() {
    server.serve("/mnist/train-images-idx3-ubyte.gz", LocalHttpServer.Response.full(TRAIN_IMAGES));
    server.serve("/mnist/train-labels-idx1-ubyte.gz", LocalHttpServer.Response.full(TRAIN_LABELS));
    server.serve("/mnist/t10k-images-idx3-ubyte.gz", LocalHttpServer.Response.full(TEST_IMAGES));
    server.serve("/mnist/t10k-labels-idx1-ubyte.gz", LocalHttpServer.Response.full(TEST_LABELS));
  }

  @Test
  void firstFolderHoldingAllFilesWins() throws IOException {
    DatasetFixtures.writeIdxFolder(system.resolve("mnist"), 3, 2);
    assertThat(locator(DownloadPolicy.NEVER).locate(Mnist.SPEC, Optional.of(caller)))
        .isEqualTo(new DatasetLocation(system.resolve("mnist"), Origin.SYSTEM));

    DatasetFixtures.writeIdxFolder(cache.resolve("mnist"), 3, 2);
    assertThat(locator(DownloadPolicy.NEVER).locate(Mnist.SPEC, Optional.of(caller)))
        .isEqualTo(new DatasetLocation(cache.resolve("mnist"), Origin.USER_CACHE));

    DatasetFixtures.writeIdxFolder(environment.resolve("mnist"), 3, 2);
    assertThat(locator(DownloadPolicy.NEVER).locate(Mnist.SPEC, Optional.of(caller)))
        .isEqualTo(new DatasetLocation(environment.resolve("mnist"), Origin.ENVIRONMENT));

    DatasetFixtures.writeIdxFolder(caller, 3, 2);
    assertThat(locator(DownloadPolicy.NEVER).locate(Mnist.SPEC, Optional.of(caller)))
        .isEqualTo(new DatasetLocation(caller, Origin.CALLER_FOLDER));
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void folderMissingOneFileIsSkipped() throws IOException {
    DatasetFixtures.writeIdxFolder(caller, 3, 2);
    Files.delete(caller.resolve("t10k-labels-idx1-ubyte.gz"));
    DatasetFixtures.writeIdxFolder(system.resolve("mnist"), 3, 2);

    assertThat(locator(DownloadPolicy.NEVER).locate(Mnist.SPEC, Optional.of(caller)).origin())
        .isEqualTo(Origin.SYSTEM);
  }

  @Test
  void acceptsDecompressedFiles() throws IOException {
    Path folder = Files.createDirectories(system.resolve("mnist"));
    Files.write(folder.resolve("train-images-idx3-ubyte"), DatasetFixtures.idxImages(3));
    Files.write(folder.resolve("train-labels-idx1-ubyte"), DatasetFixtures.idxLabels(3));
    Files.write(folder.resolve("t10k-images-idx3-ubyte"), DatasetFixtures.idxImages(2));
    Files.write(
        folder.resolve("t10k-labels-idx1-ubyte.gz"),
        DatasetFixtures.gzip(DatasetFixtures.idxLabels(2)));

    DatasetLocation location = locator(DownloadPolicy.NEVER).locate(Mnist.SPEC, Optional.empty());

    assertThat(location.origin()).isEqualTo(Origin.SYSTEM);
    assertThat(Mnist.load(location.folder()).train().size()).isEqualTo(3);
  }

  @Test
  void downloadsMissingFilesIntoTheUserCacheAndVerifiesThem() throws IOException {
    serveFixtures();

    DatasetLocation location =
        locator(DownloadPolicy.DOWNLOAD_IF_MISSING).locate(fixtureSpec(), Optional.empty());

    assertThat(location).isEqualTo(new DatasetLocation(cache.resolve("mnist"), Origin.DOWNLOAD));
    assertThat(listFiles(cache))
        .containsExactly(
            "mnist/t10k-images-idx3-ubyte.gz",
            "mnist/t10k-labels-idx1-ubyte.gz",
            "mnist/train-images-idx3-ubyte.gz",
            "mnist/train-labels-idx1-ubyte.gz");
    assertThat(Mnist.load(location.folder()).test().size()).isEqualTo(10);
    // Second call finds the cache without the network.
    int requests = server.requestCount();
    assertThat(locator(DownloadPolicy.NEVER).locate(fixtureSpec(), Optional.empty()).origin())
        .isEqualTo(Origin.USER_CACHE);
    assertThat(server.requestCount()).isEqualTo(requests);
  }

  @Test
  void failedDownloadNeverLeavesAFileAtTheFinalPath() {
    serveFixtures();
    server.serve(
        "/mnist/t10k-images-idx3-ubyte.gz",
        LocalHttpServer.Response.droppedAfter(TEST_IMAGES, TEST_IMAGES.length / 2));
    server.serve(
        "/mnist/t10k-labels-idx1-ubyte.gz", LocalHttpServer.Response.full(new byte[] {1, 2}));

    assertThatThrownBy(
            () ->
                locator(DownloadPolicy.DOWNLOAD_IF_MISSING).locate(fixtureSpec(), Optional.empty()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("MNIST not found, and downloading it failed")
        .hasMessageContaining(
            cache.resolve("mnist").resolve("t10k-images-idx3-ubyte.gz").toString())
        .hasCauseInstanceOf(DownloadException.class);
    assertThat(cache.resolve("mnist/t10k-images-idx3-ubyte.gz")).doesNotExist();
    assertThat(cache.resolve("mnist/t10k-labels-idx1-ubyte.gz")).doesNotExist();
  }

  @Test
  void checksumMismatchDuringDownloadIsReported() {
    serveFixtures();
    server.serve("/mnist/train-labels-idx1-ubyte.gz", LocalHttpServer.Response.full(TEST_LABELS));

    assertThatThrownBy(
            () ->
                locator(DownloadPolicy.DOWNLOAD_IF_MISSING).locate(fixtureSpec(), Optional.empty()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("train-labels-idx1-ubyte.gz")
        .hasMessageContaining("SHA-256 checksum mismatch")
        .hasCauseInstanceOf(ChecksumMismatchException.class);
    assertThat(cache.resolve("mnist/train-labels-idx1-ubyte.gz")).doesNotExist();
  }

  @Test
  void offlineMessageListsFilesAndWhereToPutThem() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DatasetSpec unreachable =
        Mnist.SPEC.withDownloadUri(URI.create("http://127.0.0.1:" + port + "/mnist/"));

    assertThatThrownBy(
            () ->
                locator(DownloadPolicy.DOWNLOAD_IF_MISSING)
                    .locate(unreachable, Optional.of(caller)))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("MNIST not found, and downloading it failed")
        .hasMessageContaining("cannot connect")
        .hasMessageContaining(caller + "  (CALLER_FOLDER)")
        .hasMessageContaining(environment.resolve("mnist") + "  (ENVIRONMENT)")
        .hasMessageContaining(cache.resolve("mnist") + "  (USER_CACHE)")
        .hasMessageContaining(system.resolve("mnist") + "  (SYSTEM)")
        .hasMessageContaining("put these files into " + cache.resolve("mnist"))
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz  (SHA-256 f7ae60f9");
  }

  @Test
  void neverPolicyDoesNotTouchTheNetwork() {
    serveFixtures();

    assertThatThrownBy(() -> locator(DownloadPolicy.NEVER).locate(fixtureSpec(), Optional.empty()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("downloading is disabled");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void downloadsAndSafelyExtractsAnArchive() throws IOException {
    byte[] meta = DatasetFixtures.cifarMeta().getBytes(UTF_8);
    byte[] batch = DatasetFixtures.cifarBatch(1, 2, 3);
    byte[] archive =
        DatasetFixtures.tarGz(
            List.of(
                folder("batches/"),
                file("batches/batches.meta.txt", meta),
                file("batches/data.bin", batch),
                file("batches/readme.html", "<p>".getBytes(UTF_8))));
    server.serve("/files/small-binary.tar.gz", LocalHttpServer.Response.full(archive));
    DatasetSpec spec =
        DatasetSpec.of(
            "tiny",
            "Tiny",
            ImmutableList.of(
                new DataFile("batches.meta.txt", sha256(meta)),
                new DataFile("data.bin", sha256(batch))),
            new DatasetSpec.Archive(
                server.uri("/files/small-binary.tar.gz"),
                Checksum.md5(
                    HexFormat.of().formatHex(Checksum.Algorithm.MD5.newDigest().digest(archive))),
                "batches"));

    DatasetLocation location =
        locator(DownloadPolicy.DOWNLOAD_IF_MISSING).locate(spec, Optional.empty());

    assertThat(location).isEqualTo(new DatasetLocation(cache.resolve("tiny"), Origin.DOWNLOAD));
    assertThat(listFiles(cache)).containsExactly("tiny/batches.meta.txt", "tiny/data.bin");
  }

  @Test
  void archiveWithTraversalEntryIsRefusedAndLeavesNothing() {
    byte[] archive =
        DatasetFixtures.tarGz(List.of(file("batches/../../../escape.txt", new byte[3])));
    server.serve("/a.tar.gz", LocalHttpServer.Response.full(archive));
    DatasetSpec spec =
        DatasetSpec.of(
            "tiny",
            "Tiny",
            ImmutableList.of(new DataFile("escape.txt", sha256(new byte[3]))),
            new DatasetSpec.Archive(
                server.uri("/a.tar.gz"),
                Checksum.md5(
                    HexFormat.of().formatHex(Checksum.Algorithm.MD5.newDigest().digest(archive))),
                "batches"));

    assertThatThrownBy(
            () -> locator(DownloadPolicy.DOWNLOAD_IF_MISSING).locate(spec, Optional.empty()))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("entry 'batches/../../../escape.txt' refused: path traversal")
        .hasCauseInstanceOf(UnsafeArchiveException.class);
    assertThat(root.resolve("home/.sngrad/escape.txt")).doesNotExist();
    assertThat(cache.resolve("tiny/escape.txt")).doesNotExist();
  }

  @Test
  void findsCifarFilesInTheArchiveFolder() throws IOException {
    Path inner = Files.createDirectories(caller.resolve("cifar-10-batches-bin"));
    for (DataFile f : dev.sngrad.data.cifar.Cifar10.SPEC.files()) {
      Files.write(inner.resolve(f.fileName()), new byte[0]);
    }

    DatasetLocation location =
        locator(DownloadPolicy.NEVER)
            .locate(dev.sngrad.data.cifar.Cifar10.SPEC, Optional.of(caller));

    assertThat(location).isEqualTo(new DatasetLocation(inner, Origin.CALLER_FOLDER));
  }

  @Test
  void helpTextListsTheSearchOrder() {
    assertThat(DatasetLocator.searchOrderHelp())
        .contains("$SNGRAD_DATA/<name>/")
        .contains("~/.sngrad/datasets/<name>/")
        .contains("/usr/share/datasets/<name>/")
        .contains("download");
  }
}
