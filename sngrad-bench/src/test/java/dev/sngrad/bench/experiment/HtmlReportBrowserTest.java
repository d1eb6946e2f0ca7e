package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium as a person would from disk. Skipped without a Chromium on
 * the PATH, unless SNGRAD_EXPECT_CHROMIUM=1 (set by .ci/run where it installed one): then its
 * absence fails.
 */
class HtmlReportBrowserTest {
  /** Per image: decoded size and the size it is laid out at; and how many tables there are. */
  private static final String CHECK = """
      (async () => {
        await Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)));
        return {
          tables: document.querySelectorAll('table').length,
          images: Array.from(document.images).map(i => ({
            alt: i.alt, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
            shownWidth: i.getBoundingClientRect().width, shownHeight: i.getBoundingClientRect().height}))
        };
      })()""";

  @TempDir static Path dir;

  private static HeadlessChromium chromium;

  @BeforeAll
  static void startChromium() throws IOException, InterruptedException {
    Optional<Path> executable = HeadlessChromium.find();
    if (executable.isEmpty() && "1".equals(System.getenv("SNGRAD_EXPECT_CHROMIUM"))) {
      fail("SNGRAD_EXPECT_CHROMIUM=1, but no chromium, chromium-browser or google-chrome is on the PATH");
    }
    if (executable.isPresent()) {
      chromium = HeadlessChromium.start(executable.get(), Files.createDirectories(dir.resolve("profile")));
    }
  }

  /** Per test, so that the report counts each as skipped. */
  @BeforeEach
  void skipWithoutChromium() {
    assumeTrue(chromium != null, "no Chromium on the PATH: report.html is not opened in a browser");
  }

  @AfterAll
  static void stopChromium() throws InterruptedException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void theReportLoadsWithoutErrorsAndShowsEveryPlot() throws IOException, InterruptedException {
    Path folder = dir.resolve("report");
    Report.write(SampleComparison.result(), folder);
    HeadlessChromium.Outcome page = chromium.open(folder.resolve("report.html"), CHECK);

    assertThat(page.errors()).isEmpty();
    assertThat(page.value().path("tables").asInt()).as("tables: original study's, batch size 64, settings").isEqualTo(3);
    List<JsonNode> images = new ArrayList<>();
    page.value().path("images").forEach(images::add);
    assertThat(images).hasSize(Plots.render(SampleComparison.result()).size()).allSatisfy(image -> {
      assertThat(image.path("naturalWidth").asInt()).as(image.path("alt").asText()).isEqualTo(Plots.WIDTH);
      assertThat(image.path("naturalHeight").asInt()).as(image.path("alt").asText()).isEqualTo(Plots.HEIGHT);
      assertThat(image.path("shownWidth").asDouble()).as(image.path("alt").asText()).isGreaterThan(100);
      assertThat(image.path("shownHeight").asDouble()).as(image.path("alt").asText()).isGreaterThan(50);
    });
  }

  @Test
  void aBrokenImageAConsoleErrorAnExceptionAndABlockedScriptAreAllSeen() throws IOException, InterruptedException {
    Path broken = dir.resolve("broken.html");
    Files.writeString(broken, """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
        <img src="data:image/png;base64,AAAA" alt="not a png">
        <script>console.error("drawn wrong"); throw new Error("thrown here");</script>
        </body></html>""");
    HeadlessChromium.Outcome page = chromium.open(broken, CHECK);
    assertThat(page.errors()).anySatisfy(e -> assertThat(e).contains("console.error: drawn wrong"))
        .anySatisfy(e -> assertThat(e).contains("thrown here"));
    assertThat(page.value().path("images").get(0).path("naturalWidth").asInt()).isZero();

    // the report's Content-Security-Policy turns anything that would load or run into an error
    Path withScript = dir.resolve("with-script.html");
    String report = HtmlReport.render("tiny", "", List.of());
    Files.writeString(withScript, report.replace("</body>", "<script>document.title = 'ran';</script></body>"));
    assertThat(chromium.open(withScript, "document.title").errors())
        .anySatisfy(e -> assertThat(e).contains("Content Security Policy"));
  }
}
