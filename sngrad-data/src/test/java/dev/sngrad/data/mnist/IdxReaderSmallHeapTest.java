package dev.sngrad.data.mnist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header that declares far more data than its file holds must cost memory for the data present
 * only: {@link OverclaimingHeaders} reads four such files (about 2 GB declared each) in a JVM with
 * a 64 MB heap, where allocating the declared size up front ends in {@link OutOfMemoryError}.
 */
class IdxReaderSmallHeapTest {
  @TempDir Path dir;

  @Test
  void headersDeclaringGigabytesFailWithTheSizesUnderA64MegabyteHeap() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                OverclaimingHeaders.class.getName(),
                dir.toString())
            .redirectError(stderr.toFile())
            .start();
    String stdout = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
    assertThat(process.exitValue()).as("exit status; stderr: %s", read(stderr)).isZero();

    long pixels = (long) OverclaimingHeaders.CLAIMED_IMAGES * 28 * 28;
    int present = OverclaimingHeaders.PRESENT_BYTES;
    String images =
        ": truncated: header declares 2739000 images of 28x28 ("
            + pixels
            + " bytes of pixels) but the data ends after "
            + present
            + " bytes";
    String labels =
        ": truncated: header declares 2000000000 labels (2000000000 bytes) but the data ends after "
            + present
            + " bytes";
    assertThat(stdout.lines().toList())
        .containsExactlyElementsOf(
            List.of(
                dir.resolve("images") + images,
                dir.resolve("images.gz") + images,
                dir.resolve("labels") + labels,
                dir.resolve("labels.gz") + labels));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, UTF_8) : "";
  }
}
