package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path dir;

  private static List<BufferedImage> embeddedImages(String html) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    while (m.find()) {
      images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
    }
    return images;
  }

  @Test
  void theReportHoldsTheTablesSettingsAndEveryPlotAndLoadsNothingFromElsewhere() throws IOException {
    Comparison.Result result = SampleComparison.result();
    Report.write(result, dir);
    String html = Files.readString(dir.resolve("report.html"));

    assertThat(html).contains("<h3>Batch size 64</h3>", "<td>sgd+II(alpha=0.05)</td>", "<td class=\"num\">reference</td>")
        .contains("<td>learning-rate search</td><td>3 rates from 0.01000 to 1.000 (geometric), 1 epoch(s) each, seed 0</td>")
        .contains("<td>matrix kernel</td><td>java, 1 thread(s)</td>")
        .contains("<h3>Accuracy and loss, batch size 64</h3>", "<h3>Damping, batch size 64</h3>", "<h3>Learning-rate search</h3>")
        .doesNotContain("Across batch sizes"); // one batch size: nothing to plot against
    // self-contained: no reference to anything outside the file
    assertThat(html).doesNotContain("http:", "https:", "<script", "<link", "@import", "url(");
    // accuracy, training loss, test loss, accuracy against time; mean factor, damped share, both for sgd+II per
    // parameter; the noise scale overall and per parameter; the search
    List<BufferedImage> images = embeddedImages(html);
    assertThat(images).hasSize(11).allSatisfy(image -> {
      assertThat(image).isNotNull();
      assertThat(image.getWidth()).isEqualTo(Plots.WIDTH);
      assertThat(image.getHeight()).isEqualTo(Plots.HEIGHT);
    });
    try (var pngs = Files.list(dir.resolve("plots"))) {
      assertThat(pngs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("accuracy-b64.png", "loss-b64.png",
          "evaluation-loss-b64.png", "accuracy-time-b64.png", "mean-factor-b64.png", "damped-b64.png", "layers-mean-factor-sgd-II-0.05-b64.png",
          "layers-damped-sgd-II-0.05-b64.png", "noise-scale-b64.png", "layers-noise-scale-sgd-II-0.05-b64.png",
          "lr-search-b64.png");
    }
  }

  @Test
  void aComparisonWithoutRulesHasNoDampingPlotsAndABareSearchOnlyItsSearchPlot() {
    Comparison.Result sample = SampleComparison.result();
    CompareSettings sgdOnly = new CompareSettings(List.of(16), List.of(64), List.of(SampleComparison.SGD), 2, 2, 0.01, 1.0, 3, 1,
        false, 0, 1, Backend.JAVA, true, 0.0, SearchCriterion.TAIL);
    Comparison.Result noRules = new Comparison.Result("sample", sgdOnly, sample.searches().subList(0, 1),
        sample.runs().stream().filter(r -> !r.config().optimizer().usesStatistics()).toList());
    assertThat(render(noRules)).extracting(Plots.Plot::fileName)
        .containsExactly("accuracy-b64.png", "loss-b64.png", "evaluation-loss-b64.png", "accuracy-time-b64.png",
            "lr-search-b64.png");

    Comparison.Result bareSearch = new Comparison.Result("sample", sample.settings(), sample.searches(), List.of());
    assertThat(render(bareSearch)).extracting(Plots.Plot::fileName).containsExactly("lr-search-b64.png");
  }

  @Test
  void severalBatchSizesAreAlsoPlottedAgainstEachOther() {
    Comparison.Result sample = SampleComparison.result();
    CompareSettings twoSizes = new CompareSettings(List.of(16), List.of(64, 128), sample.settings().optimizers(), 2, 2, 0.01, 1.0,
        3, 1, false, 0, 1, Backend.JAVA, true, 0.0, SearchCriterion.TAIL);
    assertThat(render(new Comparison.Result("sample", twoSizes, sample.searches(), sample.runs())))
        .extracting(Plots.Plot::fileName).contains("accuracy-b128.png", "lr-search-b128.png").last().isEqualTo("accuracy-vs-batch-size.png");
  }

  private static List<Plots.Plot> render(Comparison.Result result) {
    try {
      return Plots.render(result);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aReportOfSeveralDatasetsLinksEachAndKeepsTheIntroduction() throws IOException {
    Comparison.Result a = SampleComparison.result();
    Comparison.Result b = new Comparison.Result("other set", a.settings(), a.searches(), a.runs());
    String html = HtmlReport.render("sngrad study: tiny", "## All datasets\n\n" + Report.mainTable(List.of(a, b), 64),
        List.of(new HtmlReport.Part(a, Plots.render(a)), new HtmlReport.Part(b, Plots.render(b))));
    assertThat(html).contains("<title>sngrad study: tiny</title>", "<h2>All datasets</h2>", "<td>other set</td>")
        .contains("<a href=\"#dataset-sample\">sample</a>", "<a href=\"#dataset-other-set\">other set</a>")
        .contains("<section id=\"dataset-sample\">", "<section id=\"dataset-other-set\">");
    assertThat(embeddedImages(html)).hasSize(22);
  }
}
