package dev.sngrad.bench.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page holding the comparisons of one or more datasets.
 * Per dataset its results tables (the Markdown of {@link Report#markdown}, as HTML), its run
 * settings and its {@link Plots}, embedded as PNG {@code data:} URIs. The page loads nothing else
 * (no scripts, fonts or style sheets from elsewhere; its Content-Security-Policy forbids them), so
 * it opens from disk in any browser and can be mailed as one file.
 *
 * <p>The plots are XChart's PNGs rather than SVG: XChart draws them already for {@code plots/},
 * every browser decodes PNG, and the text in a PNG looks the same everywhere, whereas an SVG's
 * labels depend on the fonts of the machine that opens it.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** One dataset's comparison and its rendered plots. */
  public record Part(Comparison.Result result, List<Plots.Plot> plots) {
    public Part {
      plots = List.copyOf(plots);
    }
  }

  /**
   * The page: {@code title}, then {@code introMarkdown} (may be empty; e.g. a study's table of all
   * datasets), then every part.
   */
  public static String render(String title, String introMarkdown, List<Part> parts) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(MarkdownHtml.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(MarkdownHtml.escape(title)).append("</h1>\n");
    if (parts.size() > 1) {
      html.append("<nav><ul>\n");
      for (Part p : parts) {
        html.append("<li><a href=\"#").append(anchor(p.result())).append("\">").append(MarkdownHtml.escape(p.result().dataset()))
            .append("</a></li>\n");
      }
      html.append("</ul></nav>\n");
    }
    html.append(MarkdownHtml.toHtml(introMarkdown));
    for (Part p : parts) {
      html.append("<section id=\"").append(anchor(p.result())).append("\">\n")
          .append(MarkdownHtml.toHtml(Report.markdown(p.result())))
          .append("<h3>Run settings</h3>\n")
          .append(MarkdownHtml.toHtml(settingsTable(p.result())));
      Map<String, List<Plots.Plot>> bySection = p.plots().stream()
          .collect(Collectors.groupingBy(Plots.Plot::section, LinkedHashMap::new, Collectors.toList()));
      bySection.forEach((section, plots) -> {
        html.append("<h3>").append(MarkdownHtml.escape(section)).append("</h3>\n<div class=\"plots\">\n");
        for (Plots.Plot plot : plots) {
          html.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(plot.png()))
              .append("\" width=\"").append(Plots.WIDTH).append("\" height=\"").append(Plots.HEIGHT)
              .append("\" alt=\"").append(MarkdownHtml.escape(plot.title())).append("\"><figcaption>")
              .append(MarkdownHtml.escape(plot.caption())).append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
      });
      html.append("</section>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  /** Writes {@link #render} to {@code file} atomically. */
  public static void write(Path file, String title, String introMarkdown, List<Part> parts) throws IOException {
    Report.writeAtomically(file, render(title, introMarkdown, parts));
  }

  /** The settings of a comparison as a two-column Markdown table. */
  static String settingsTable(Comparison.Result result) {
    CompareSettings s = result.settings();
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("dataset", result.dataset());
    rows.put("network", s.networkDescription());
    rows.put("optimizers", s.optimizers().stream().map(OptimizerSpec::label).collect(Collectors.joining(", ")));
    rows.put("batch sizes", s.batchSizes().toString());
    rows.put("training", s.epochs() + " epoch(s), seeds 0.." + (s.seeds() - 1));
    rows.put("learning-rate search", String.format(Locale.ROOT, "%d rates from %.4g to %.4g (geometric), %d epoch(s) each, seed 0",
        s.lrPoints(), s.lrMin(), s.lrMax(), s.searchEpochs()));
    rows.put("augmentation", s.augment() ? "the original study's" : "none");
    rows.put("evaluated on", s.validation() > 0 ? s.validation() + " training examples held out (validation), and the test set" : "the test set");
    rows.put("matrix kernel", s.backend().label() + ", " + s.threads() + " thread(s)");
    StringBuilder md = new StringBuilder("| setting | value |\n|---|---|\n");
    rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    return md.toString();
  }

  private static String anchor(Comparison.Result result) {
    return "dataset-" + result.dataset().replaceAll("[^A-Za-z0-9_-]", "-");
  }

  private static final String STYLE = """
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2em auto;
             max-width: 1860px; padding: 0 1.5em; color: #222; line-height: 1.45; }
      h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.6em; }
      p { max-width: 60em; }
      table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
      th, td { border: 1px solid #d0d0d0; padding: 0.3em 0.7em; text-align: left; }
      th { background: #f0f0f0; } tbody tr:nth-child(even) { background: #fafafa; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 600px), 1fr)); gap: 1em; }
      figure { margin: 0; } img { width: 100%; height: auto; border: 1px solid #e4e4e4; }
      figcaption { font-size: 0.88em; color: #555; margin-top: 0.2em; }
      """;
}
