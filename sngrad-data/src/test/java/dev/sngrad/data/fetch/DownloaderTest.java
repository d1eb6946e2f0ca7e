package dev.sngrad.data.fetch;

import static dev.sngrad.data.DatasetFixtures.listFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
  @TempDir Path dir;
  private LocalHttpServer server;
  private final List<long[]> progress = new ArrayList<>();
  private Downloader downloader;
  private final byte[] content = new byte[300_000];

  @BeforeEach
  void start() throws IOException {
    new SplittableRandom(7).nextBytes(content);
    server = new LocalHttpServer();
    ProgressReporter recorder =
        new ProgressReporter() {
          @Override
          public void update(String label, long done, long total) {
            progress.add(new long[] {done, total});
          }

          @Override
          public void finish(String label, long done) {}
        };
    downloader =
        new Downloader(
            HttpClient.newHttpClient(), recorder, Duration.ofSeconds(10), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Checksum sha256Of(byte[] bytes) {
    return Checksum.sha256(
        HexFormat.of().formatHex(Checksum.Algorithm.SHA_256.newDigest().digest(bytes)));
  }

  @Test
  void downloadsVerifiesAndReportsProgress() throws IOException {
    server.serve("/mnist/file.gz", LocalHttpServer.Response.full(content));
    Path target = dir.resolve("cache").resolve("file.gz");

    downloader.download(server.uri("/mnist/file.gz"), target, sha256Of(content));

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(listFiles(dir)).containsExactly("cache/file.gz");
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)).containsExactly(content.length, content.length);
  }

  @Test
  void verifiesMd5Too() throws IOException {
    server.serve("/a.tar.gz", LocalHttpServer.Response.full("hello".getBytes()));
    Path target = dir.resolve("a.tar.gz");

    downloader.download(
        server.uri("/a.tar.gz"), target, Checksum.md5("5d41402abc4b2a76b9719d911017c592"));

    assertThat(Files.readString(target)).isEqualTo("hello");
  }

  @Test
  void checksumMismatchLeavesNothingAtTheFinalPath() throws IOException {
    server.serve("/file.gz", LocalHttpServer.Response.full(content));
    Path target = dir.resolve("file.gz");
    Checksum wrong = Checksum.sha256("00".repeat(32));

    assertThatThrownBy(() -> downloader.download(server.uri("/file.gz"), target, wrong))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageStartingWith(target.toString())
        .hasMessageContaining(server.uri("/file.gz").toString())
        .hasMessageContaining("SHA-256 checksum mismatch: expected " + "00".repeat(32))
        .hasMessageContaining("found " + sha256Of(content).hex());
    assertThat(listFiles(dir)).isEmpty();
  }

  @Test
  void replacesAnExistingFileOnlyAfterVerification() throws IOException {
    Path target = Files.writeString(dir.resolve("file.gz"), "old");
    server.serve("/file.gz", LocalHttpServer.Response.full(content));

    assertThatThrownBy(
            () ->
                downloader.download(
                    server.uri("/file.gz"), target, Checksum.sha256("ab".repeat(32))))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThat(Files.readString(target)).isEqualTo("old");

    downloader.download(server.uri("/file.gz"), target, sha256Of(content));
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
  }

  @Test
  void connectionDroppedMidFileIsReportedAndLeavesNothing() {
    server.serve("/file.gz", LocalHttpServer.Response.droppedAfter(content, 100_000));
    Path target = dir.resolve("file.gz");

    assertThatThrownBy(() -> downloader.download(server.uri("/file.gz"), target, sha256Of(content)))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(server.uri("/file.gz").toString())
        .hasMessageContaining(target.toString())
        .hasMessageMatching(
            "(?s).*(connection lost after \\d+ of 300000 bytes|cut off: received \\d+ of 300000"
                + " bytes).*");
    assertThat(target).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void stalledConnectionIsAbandonedAndLeavesNothing() {
    server.serve("/file.gz", LocalHttpServer.Response.stalledAfter(content, 50_000));
    Downloader impatient =
        new Downloader(
            HttpClient.newHttpClient(),
            ProgressReporter.NONE,
            Duration.ofSeconds(10),
            Duration.ofMillis(300));
    Path target = dir.resolve("file.gz");

    assertThatThrownBy(() -> impatient.download(server.uri("/file.gz"), target, sha256Of(content)))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("no data for 300 ms after")
        .hasMessageContaining("of 300000 bytes");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void httpErrorStatusIsReported() {
    Path target = dir.resolve("missing.gz");

    assertThatThrownBy(
            () -> downloader.download(server.uri("/missing.gz"), target, sha256Of(content)))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("server answered HTTP 404");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void unreachableServerIsReported() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/file.gz");
    Path target = dir.resolve("file.gz");

    assertThatThrownBy(() -> downloader.download(uri, target, sha256Of(content)))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("cannot connect");
    assertThat(dir).isEmptyDirectory();
  }
}
