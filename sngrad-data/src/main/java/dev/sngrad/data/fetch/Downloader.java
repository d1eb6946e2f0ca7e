package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads one file over HTTP(S) with checksum verification and an atomic commit.
 *
 * <p>The body is streamed into a temporary file {@code <target>.<random>.part} in the target's
 * folder while the digest is computed; after the whole body arrived (as many bytes as the {@code
 * Content-Length} header announced, when present) and the digest matches, the temporary file is
 * renamed to {@code target} with {@link StandardCopyOption#ATOMIC_MOVE}. On any failure the
 * temporary file is deleted, so the target path either holds a verified file or is untouched. A
 * connection that delivers no data for the idle timeout is abandoned (HttpClient itself has no read
 * timeout for streamed bodies).
 *
 * <p>Immutable; its calls to the {@link ProgressReporter} come from the downloading thread, so a
 * downloader shared between threads needs a thread-safe reporter.
 */
public final class Downloader {
  private static final int BUFFER_BYTES = 1 << 16;

  private final HttpClient client;
  private final ProgressReporter progress;
  private final Duration requestTimeout;
  private final Duration idleTimeout;

  /**
   * Creates a downloader.
   *
   * @param client the HTTP client (its redirect policy is honoured)
   * @param progress receives progress per file
   * @param requestTimeout time allowed until the response headers arrive
   * @param idleTimeout longest time without receiving body data before giving up, positive
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code idleTimeout} is not positive
   */
  public Downloader(
      HttpClient client, ProgressReporter progress, Duration requestTimeout, Duration idleTimeout) {
    this.client = checkNotNull(client, "client");
    this.progress = checkNotNull(progress, "progress");
    this.requestTimeout = checkNotNull(requestTimeout, "requestTimeout");
    this.idleTimeout = checkNotNull(idleTimeout, "idleTimeout");
    checkArgument(
        !idleTimeout.isNegative() && !idleTimeout.isZero(), "idle timeout must be positive");
  }

  /**
   * A downloader that follows redirects, connects within 30 s, waits up to 2 min for response
   * headers and 1 min for each piece of data, and draws a progress bar on standard error.
   *
   * @return the downloader
   */
  public static Downloader standard() {
    return new Downloader(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build(),
        ConsoleProgressReporter.toStandardError(),
        Duration.ofMinutes(2),
        Duration.ofMinutes(1));
  }

  /**
   * Downloads {@code uri} to {@code target}, creating parent folders.
   *
   * @param uri the URL to fetch
   * @param target the final path; replaced only by a fully received, verified file
   * @param expected the checksum the content must have
   * @throws DownloadException if the server is unreachable, answers with a status other than 200,
   *     or the connection ends early
   * @throws ChecksumMismatchException if the content has the wrong digest
   * @throws java.io.InterruptedIOException if the thread is interrupted while waiting for the
   *     response
   * @throws IOException if the folder or the temporary file cannot be created, written or renamed
   */
  public void download(URI uri, Path target, Checksum expected) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path part = Files.createTempFile(folder, target.getFileName() + ".", ".part");
    try {
      transfer(uri, target, part, expected);
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private void transfer(URI uri, Path target, Path part, Checksum expected) throws IOException {
    String label = target.getFileName().toString();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + uri + " to " + target + " interrupted");
    } catch (IOException e) {
      throw new DownloadException(uri, target.toString(), "cannot connect: " + describe(e), e);
    }
    MessageDigest digest = expected.algorithm().newDigest();
    OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
    long total = announced.orElse(-1);
    long done = 0;
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(Downloader::daemon);
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new DownloadException(
            uri, target.toString(), "server answered HTTP " + response.statusCode(), null);
      }
      long period = Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4));
      watchdog.scheduleAtFixedRate(
          () -> {
            if (System.nanoTime() - lastData.get() > idleTimeout.toNanos()) {
              stalled.set(true);
              closeToUnblockReader(in);
            }
          },
          period,
          period,
          TimeUnit.MILLISECONDS);
      try (OutputStream out = Files.newOutputStream(part)) {
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) > 0) {
          lastData.set(System.nanoTime());
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
          done += n;
          progress.update(label, done, total);
        }
      }
    } catch (DownloadException e) {
      throw e;
    } catch (IOException e) {
      if (stalled.get()) {
        throw stalled(uri, target, done, total);
      }
      throw new DownloadException(
          uri,
          target.toString(),
          "connection lost after "
              + done
              + " of "
              + (total >= 0 ? total : "?")
              + " bytes: "
              + describe(e),
          e);
    } finally {
      watchdog.shutdownNow();
      progress.finish(label, done);
    }
    if (stalled.get()) {
      throw stalled(uri, target, done, total);
    }
    if (total >= 0 && done != total) {
      throw new DownloadException(
          uri, target.toString(), "cut off: received " + done + " of " + total + " bytes", null);
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expected.hex())) {
      throw new ChecksumMismatchException(
          target + " (downloaded from " + uri + ")", expected, actual);
    }
  }

  private DownloadException stalled(URI uri, Path target, long done, long total) {
    return new DownloadException(
        uri,
        target.toString(),
        "no data for "
            + idleTimeout.toMillis()
            + " ms after "
            + done
            + " of "
            + (total >= 0 ? total : "?")
            + " bytes",
        null);
  }

  private static void closeToUnblockReader(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // The download is being abandoned; the reader reports the stall, not this close failure.
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "sngrad-download-watchdog");
    t.setDaemon(true);
    return t;
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
