package dev.sngrad.data.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ConsoleProgressReporterTest {
  @Test
  void rendersABarWithPercentAndSizes() {
    assertThat(ConsoleProgressReporter.render("f.gz", 5L << 20, 10L << 20))
        .isEqualTo("f.gz [###############...............]  50%    5.0 / 10.0 MiB");
    assertThat(ConsoleProgressReporter.render("f.gz", 3L << 20, -1)).isEqualTo("f.gz 3.0 MiB");
  }

  @Test
  void redrawsOncePerPercentAndEndsTheLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgressReporter reporter =
        new ConsoleProgressReporter(new PrintStream(bytes, true, UTF_8));
    for (long done = 0; done <= 1000; done += 1) {
      reporter.update("x", done, 1000);
    }
    reporter.finish("x", 1000);
    String text = bytes.toString(UTF_8);

    assertThat(text.chars().filter(c -> c == '\r').count()).isEqualTo(102);
    assertThat(text).endsWith("100%    0.0 / 0.0 MiB" + System.lineSeparator());
  }
}
