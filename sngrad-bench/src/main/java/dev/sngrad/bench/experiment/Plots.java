package dev.sngrad.bench.experiment;

import com.google.common.math.Stats;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a comparison (XChart), each titled, with labelled axes and a legend. Per batch size:
 * the test- (or validation-) accuracy, training-loss and evaluation-loss curves of every optimizer,
 * and for the optimizers with an sngrad rule the mean factor and the share of damped parameters
 * per epoch; each curve is the mean over seeds inside a band from the lowest to the highest seed.
 * Then, per optimizer with a rule, both diagnostics per parameter tensor (when the runs kept them),
 * and the gradient noise scale of the network and of each parameter tensor (log axis, when kept).
 * Per batch size the learning-rate search (final training loss against rate), and, for several
 * batch sizes, the final accuracy against batch size; where a rule ran at two or more alphas, per
 * batch size the final accuracy against alpha. A comparison without training runs (a bare search) has only the
 * search plots.
 */
public final class Plots {
  /** Size of every plot, in pixels. */
  public static final int WIDTH = 900;

  public static final int HEIGHT = 600;

  /** Line colours of the optimizers, in the order of the comparison (Tableau 10, distinct in print and for most colour-blind readers). */
  private static final Color[] PALETTE = {
      new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
      new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

  private Plots() {}

  /**
   * One rendered plot.
   *
   * @param section the group it belongs to in a report, e.g. {@code Batch size 256}
   * @param fileName its file name, e.g. {@code accuracy-b256.png}
   * @param title the chart's title
   * @param caption how to read it, for a report (the image carries only the title)
   * @param png the encoded image
   */
  public record Plot(String section, String fileName, String title, String caption, byte[] png) {
    public Plot {
      png = png.clone();
    }

    @Override
    public byte[] png() {
      return png.clone();
    }
  }

  /** Renders every plot of {@code result}, grouped by section in report order. */
  public static List<Plot> render(Comparison.Result result) throws IOException {
    List<Plot> plots = new ArrayList<>();
    String seedBand = result.settings().seeds() > 1
        ? "Mean over " + result.settings().seeds() + " seeds; the band spans the lowest to the highest seed."
        : "One seed.";
    String accuracy = result.settings().validation() > 0 ? "validation accuracy" : "test accuracy";
    String evaluationLoss = result.settings().validation() > 0 ? "validation loss" : "test loss";
    boolean anyRule = result.settings().optimizers().stream().anyMatch(OptimizerSpec::usesStatistics);
    if (!result.runs().isEmpty()) {
      for (int b : result.settings().batchSizes()) {
        String section = "Accuracy and loss, batch size " + b;
        plots.add(plot(section, "accuracy-b" + b + ".png", seedBand,
            curves(result, b, accuracy, "accuracy %", m -> 100 * m.selectionAccuracy(), false)));
        plots.add(plot(section, "loss-b" + b + ".png", "Mean of the epoch's step losses. " + seedBand,
            curves(result, b, "training loss", "loss", EpochMetrics::trainLoss, false)));
        plots.add(plot(section, "evaluation-loss-b" + b + ".png", seedBand,
            curves(result, b, evaluationLoss, "loss", m -> Double.isNaN(m.validationLoss()) ? m.testLoss() : m.validationLoss(), false)));
        plots.add(plot(section, "accuracy-time-b" + b + ".png",
            "Mean over seeds against the mean cumulative time of the epochs' training steps (evaluation left out),"
                + " as the runs were recorded: with their threads and the machine's load at the time, so only runs made"
                + " under the same conditions compare; a rule's step does more work than SGD's.",
            accuracyAgainstTime(result, b, accuracy)));
        if (anyRule) {
          damping(result, b, seedBand, plots);
        }
      }
    }
    for (int b : result.settings().batchSizes()) {
      plots.add(plot("Learning-rate search", "lr-search-b" + b + ".png",
          searchCaption(result.settings().searchCriterion(), result.settings().searchEpochs())
              + "; the rate of the lowest point is chosen; diverged rates are left out.",
          learningRateSearch(result, b)));
    }
    if (!result.runs().isEmpty() && result.settings().batchSizes().size() > 1) {
      plots.add(plot("Across batch sizes", "accuracy-vs-batch-size.png", "Mean over seeds, at each optimizer's chosen rate.",
          accuracyAgainstBatchSize(result, accuracy)));
    }
    for (int b : result.settings().batchSizes()) {
      XYChart alphas = accuracyAgainstAlpha(result, b, accuracy);
      if (!alphas.getSeriesMap().isEmpty()) {
        plots.add(plot("Across alphas", "accuracy-vs-alpha-b" + b + ".png",
            "Final " + accuracy + " of every rule run at two or more alphas, mean over seeds at each alpha's chosen rate"
                + (result.settings().seeds() > 1 ? ", the band from the lowest to the highest seed" : "")
                + "; the optimizer without a rule is the dashed line.",
            alphas));
      }
    }
    return plots;
  }

  /**
   * The rules' damping at {@code batchSize}: mean factor and damped share of the whole network per
   * optimizer, then the same two per parameter tensor for each optimizer with a rule (when its runs
   * kept them), side by side.
   */
  private static void damping(Comparison.Result result, int batchSize, String seedBand, List<Plot> plots) throws IOException {
    String section = "Damping, batch size " + batchSize;
    plots.add(plot(section, "mean-factor-b" + batchSize + ".png",
        "The rule's factor averaged over the epoch's steps and all parameters (1 = no damping). " + seedBand,
        withRange(curves(result, batchSize, "mean sngrad factor", "mean factor", EpochMetrics::meanFactor, true), 0, 1)));
    plots.add(plot(section, "damped-b" + batchSize + ".png",
        "Share of parameters whose factor is below 1, averaged over the epoch's steps. " + seedBand,
        withRange(curves(result, batchSize, "share of parameters damped", "damped %", m -> 100 * m.dampedFraction(), true), 0, 100)));
    for (OptimizerSpec o : result.settings().optimizers()) {
      Summary s = Summary.of(result, o, batchSize);
      if (o.usesStatistics() && s.hasRuns() && !s.runs().get(0).first().layers().isEmpty()) {
        String name = fileLabel(o) + "-b" + batchSize + ".png";
        plots.add(plot(section, "layers-mean-factor-" + name,
            "Per parameter tensor: the rule's factor averaged over the tensor's elements and the epoch's steps (mean over seeds).",
            withRange(perLayer(result, s, "mean factor", EpochMetrics::layers, d -> d.meanFactor()), 0, 1)));
        plots.add(plot(section, "layers-damped-" + name,
            "Per parameter tensor: the share of its elements whose factor is below 1, averaged over the epoch's steps"
                + " (mean over seeds).",
            withRange(perLayer(result, s, "damped %", EpochMetrics::layers, d -> 100 * d.dampedFraction()), 0, 100)));
      }
    }
    noiseScale(result, batchSize, plots);
  }

  /**
   * The gradient noise scale at {@code batchSize}: of the whole network per optimizer with a rule,
   * then per parameter tensor for each of them, when their runs kept it.
   */
  private static void noiseScale(Comparison.Result result, int batchSize, List<Plot> plots) throws IOException {
    String section = "Gradient noise scale, batch size " + batchSize;
    String definition = "B_simple = trace of the per-example gradient covariance / squared norm of the true gradient"
        + " (McCandlish et al. 2018), each estimated without bias from the epoch's batches (sample variance;"
        + " |mean|^2 less the variance over B-1); missing points: the mean was not resolved above its noise. ";
    List<OptimizerSpec> kept = new ArrayList<>();
    for (OptimizerSpec o : result.settings().optimizers()) {
      Summary s = Summary.of(result, o, batchSize);
      if (o.usesStatistics() && s.hasRuns() && !s.runs().get(0).first().noise().isEmpty()) {
        kept.add(o);
      }
    }
    if (kept.isEmpty()) {
      return;
    }
    String pooled = "The seeds' epoch averages are pooled before the estimate, which is noisy once |G|^2 is small. ";
    XYChart network = chart(result.dataset() + ", batch size " + batchSize + ": gradient noise scale", "epoch", "B_simple");
    network.getStyler().setXAxisDecimalPattern("#");
    for (OptimizerSpec o : kept) {
      pooledNoiseScale(network, o.label(), Summary.of(result, o, batchSize).runs(), null, batchSize, color(result, o));
    }
    plots.add(plot(section, "noise-scale-b" + batchSize + ".png", definition + pooled, logarithmic(network)));
    for (OptimizerSpec o : kept) {
      Summary s = Summary.of(result, o, batchSize);
      XYChart layers = chart(result.dataset() + ", batch size " + batchSize + ": " + o.label() + ", B_simple",
          "epoch", "B_simple per parameter tensor");
      layers.getStyler().setXAxisDecimalPattern("#");
      layers.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      layers.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
      List<String> tensors = new ArrayList<>(s.runs().get(0).first().noise().keySet());
      for (int i = 0; i < tensors.size(); i++) {
        pooledNoiseScale(layers, tensors.get(i), s.runs(), tensors.get(i), batchSize, PALETTE[i % PALETTE.length]);
      }
      plots.add(plot(section, "layers-noise-scale-" + fileLabel(o) + "-b" + batchSize + ".png",
          "Per parameter tensor: " + definition + pooled, logarithmic(layers)));
    }
  }

  /**
   * Adds the unbiased noise scale per epoch of {@code runs} to {@code chart}: of parameter tensor
   * {@code tensor}, or of the whole network when it is null, from the epoch averages pooled over the
   * runs (epochs beyond the shortest run left out; NaN where |G|^2 is not resolved).
   */
  private static void pooledNoiseScale(
      XYChart chart, String name, List<RunResult> runs, String tensor, int batchSize, Color color) {
    int epochs = runs.stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
    double[] xs = new double[epochs];
    double[] ys = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      double variance = 0;
      double squared = 0;
      for (RunResult r : runs) {
        for (Map.Entry<String, EpochMetrics.Noise> n : r.epochs().get(e).noise().entrySet()) {
          if (tensor == null || n.getKey().equals(tensor)) {
            variance += n.getValue().varianceSum() / runs.size();
            squared += n.getValue().meanSquaredNorm() / runs.size();
          }
        }
      }
      xs[e] = e + 1;
      ys[e] = new EpochMetrics.Noise(variance, squared, variance / squared).unbiasedScale(batchSize);
    }
    line(chart, name, xs, ys, color);
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Adds a line of {@code color} with round markers, the way every curve of the reports is drawn. */
  private static void line(XYChart chart, String name, double[] xs, double[] ys, Color color) {
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  /**
   * {@code chart} with a logarithmic y axis, said in its title, when every point is finite and
   * positive or NaN (a gap in the line), and at least one is a number (else as it is).
   */
  private static XYChart logarithmic(XYChart chart) {
    boolean any = false;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double y : series.getYData()) {
        if (!Double.isNaN(y) && !(y > 0 && Double.isFinite(y))) {
          return chart;
        }
        any |= !Double.isNaN(y);
      }
    }
    if (!any) {
      return chart;
    }
    double low = Double.POSITIVE_INFINITY;
    double high = 0;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double y : series.getYData()) {
        if (!Double.isNaN(y)) {
          low = Math.min(low, y);
          high = Math.max(high, y);
        }
      }
    }
    chart.getStyler().setYAxisLogarithmic(true);
    // every tick labelled crowds an axis of several decades; there decades alone
    chart.getStyler().setYAxisLogarithmicDecadeOnly(high / low >= 100);
    chart.setYAxisTitle(chart.getYAxisTitle() + " (log scale)");
    return chart;
  }

  /** Renders every plot of {@code result} into {@code folder}, one PNG file each; returns them. */
  public static List<Plot> write(Comparison.Result result, Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Plot> plots = render(result);
    for (Plot p : plots) {
      Files.write(folder.resolve(p.fileName()), p.png);
    }
    return plots;
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    // larger than XChart's defaults: the report shows the plots two abreast, at about 2/3 of their size
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    return chart;
  }

  private static Color color(Comparison.Result result, OptimizerSpec o) {
    return PALETTE[result.settings().optimizers().indexOf(o) % PALETTE.length];
  }

  /**
   * Per epoch, the mean of {@code metric} over the seeds of every optimizer (only those with a rule
   * when {@code rulesOnly}), inside a band from the lowest to the highest seed when there are
   * several. Epochs beyond the shortest run of an optimizer are left out.
   */
  private static XYChart curves(Comparison.Result result, int batchSize, String what, String axis,
      ToDoubleFunction<EpochMetrics> metric, boolean rulesOnly) {
    XYChart chart = chart(result.dataset() + ", batch size " + batchSize + ": " + what, "epoch", axis);
    chart.getStyler().setXAxisDecimalPattern("#");
    for (OptimizerSpec o : result.settings().optimizers()) {
      Summary s = Summary.of(result, o, batchSize);
      if (!s.hasRuns() || (rulesOnly && !o.usesStatistics())) {
        continue;
      }
      int epochs = s.runs().stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
      double[] xs = new double[epochs];
      double[] mean = new double[epochs];
      double[] low = new double[epochs];
      double[] high = new double[epochs];
      for (int e = 0; e < epochs; e++) {
        int epoch = e;
        double[] values = s.runs().stream().mapToDouble(r -> metric.applyAsDouble(r.epochs().get(epoch))).toArray();
        xs[e] = e + 1;
        mean[e] = java.util.Arrays.stream(values).average().orElse(Double.NaN);
        low[e] = java.util.Arrays.stream(values).min().orElse(Double.NaN);
        high[e] = java.util.Arrays.stream(values).max().orElse(Double.NaN);
      }
      if (epochs == 0) {
        continue;
      }
      Color color = color(result, o);
      if (s.runs().size() > 1) {
        band(chart, o.label() + " (seed band)", xs, low, high, color);
      }
      line(chart, o.label(), xs, mean, color);
    }
    return chart;
  }

  /** Accuracy after each epoch against the training time spent so far, per optimizer, means over seeds. */
  private static XYChart accuracyAgainstTime(Comparison.Result result, int batchSize, String accuracy) {
    XYChart chart = chart(result.dataset() + ", batch size " + batchSize + ": " + accuracy + " against training time",
        "training time, s", "accuracy %");
    for (OptimizerSpec o : result.settings().optimizers()) {
      Summary s = Summary.of(result, o, batchSize);
      int epochs = s.runs().stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
      if (epochs == 0) {
        continue;
      }
      double[] seconds = new double[epochs];
      double[] mean = new double[epochs];
      for (RunResult r : s.runs()) {
        double elapsed = 0;
        for (int e = 0; e < epochs; e++) {
          elapsed += r.epochs().get(e).seconds();
          seconds[e] += elapsed / s.runs().size();
          mean[e] += 100 * r.epochs().get(e).selectionAccuracy() / s.runs().size();
        }
      }
      line(chart, o.label(), seconds, mean, color(result, o));
    }
    return chart;
  }

  /**
   * {@code metric} of every parameter tensor of one optimizer's runs (the tensors of {@code
   * perTensor}), per epoch, averaged over seeds. Epochs beyond the shortest run are left out; so
   * are tensors some run lacks.
   */
  private static <T> XYChart perLayer(Comparison.Result result, Summary s, String what,
      Function<EpochMetrics, Map<String, T>> perTensor, ToDoubleFunction<T> metric) {
    XYChart chart = chart(result.dataset() + ", batch size " + s.batchSize() + ": " + s.optimizer().label() + ", " + what,
        "epoch", what + " per parameter tensor");
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    int epochs = s.runs().stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
    List<String> names = new ArrayList<>(perTensor.apply(s.runs().get(0).first()).keySet());
    names.removeIf(name -> s.runs().stream()
        .anyMatch(r -> r.epochs().subList(0, epochs).stream().anyMatch(m -> !perTensor.apply(m).containsKey(name))));
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      double[] xs = new double[epochs];
      double[] ys = new double[epochs];
      for (int e = 0; e < epochs; e++) {
        int epoch = e;
        xs[e] = e + 1;
        ys[e] = s.runs().stream()
            .mapToDouble(r -> metric.applyAsDouble(perTensor.apply(r.epochs().get(epoch)).get(name))).average().orElse(Double.NaN);
      }
      line(chart, name, xs, ys, PALETTE[i % PALETTE.length]);
    }
    return chart;
  }

  /**
   * {@code chart}, its y axis set to {@code [low, high]} when every point has the same y (rule I at
   * a small alpha: factor 1 everywhere): XChart labels no ticks on such an axis.
   */
  private static XYChart withRange(XYChart chart, double low, double high) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double y : series.getYData()) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    if (min == max) {
      chart.getStyler().setYAxisMin(low);
      chart.getStyler().setYAxisMax(high);
    }
    return chart;
  }

  /** {@code sgd-II-0.05}: an optimizer's label as a file-name part. */
  private static String fileLabel(OptimizerSpec o) {
    return o.base().name().toLowerCase(java.util.Locale.ROOT) + "-" + o.rule().name() + "-" + o.alpha()
        + (o.epsilon() > 0 ? "-eps" + o.epsilon() : "") + (o.warmupSteps() > 0 ? "-warmup" + o.warmupSteps() : "")
        + (o.clipNorm() > 0 ? "-clip" + o.clipNorm() : "");
  }

  /** A filled polygon from {@code low} to {@code high}, outside the legend. */
  private static void band(XYChart chart, String name, double[] xs, double[] low, double[] high, Color color) {
    int n = xs.length;
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = xs[i];
      py[i] = high[i];
      px[2 * n - 1 - i] = xs[i];
      py[2 * n - 1 - i] = low[i];
    }
    XYSeries band = chart.addSeries(name, px, py);
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
    band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
    band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
    band.setMarker(SeriesMarkers.NONE);
    band.setShowInLegend(false);
  }

  /** What a search plot's points are, after {@code epochs} search epochs ranked by {@code criterion}. */
  private static String searchCaption(SearchCriterion criterion, int epochs) {
    String after = " after " + epochs + " epoch(s) from seed 0's weights";
    return switch (criterion) {
      case TAIL -> "Training loss" + after + ", averaged over the last 20% of the last epoch's steps";
      case EPOCH_MEAN -> "Training loss" + after + ", averaged over the last epoch";
      case VALIDATION_LOSS -> "Validation loss" + after;
    };
  }

  /** The search's ranking loss against learning rate (log axis) per optimizer; diverged rates are left out. */
  private static XYChart learningRateSearch(Comparison.Result result, int batchSize) {
    XYChart chart = chart(result.dataset() + ", batch size " + batchSize + ": learning-rate search",
        "learning rate (log scale)", (result.settings().searchCriterion() == SearchCriterion.VALIDATION_LOSS
            ? "validation loss" : "training loss (" + result.settings().searchCriterion().label() + ")"));
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
    for (Comparison.Search search : result.searches()) {
      if (search.batchSize() != batchSize) {
        continue;
      }
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (RunResult point : search.points()) {
        if (!point.diverged() && !point.epochs().isEmpty()) {
          xs.add(point.config().learningRate());
          ys.add(result.settings().searchCriterion().score(point));
        }
      }
      if (!xs.isEmpty()) {
        line(chart, search.optimizer().label(), toArray(xs), toArray(ys), color(result, search.optimizer()));
      }
    }
    return chart;
  }

  private static XYChart accuracyAgainstBatchSize(Comparison.Result result, String accuracy) {
    XYChart chart = chart(result.dataset() + ": final " + accuracy + " against batch size", "batch size", "accuracy %");
    for (OptimizerSpec o : result.settings().optimizers()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int b : result.settings().batchSizes()) {
        Summary s = Summary.of(result, o, b);
        if (s.hasRuns()) {
          xs.add((double) b);
          ys.add(100 * s.accuracy().mean());
        }
      }
      if (!xs.isEmpty()) {
        line(chart, o.label(), toArray(xs), toArray(ys), color(result, o));
      }
    }
    return chart;
  }

  /**
   * Final accuracy against alpha at {@code batchSize}: one line for each base optimizer and rule
   * (and epsilon, warm-up and clipping) that has finished runs at two or more alphas, and that base optimizer
   * alone (with the same warm-up and clipping) as a dashed line across them. No series when no rule has two alphas.
   */
  static XYChart accuracyAgainstAlpha(Comparison.Result result, int batchSize, String accuracy) {
    XYChart chart = chart(result.dataset() + ", batch size " + batchSize + ": final " + accuracy + " against alpha",
        "alpha (log scale)", "accuracy %");
    chart.getStyler().setXAxisLogarithmic(true);
    Map<List<Object>, List<Summary>> byRule = new LinkedHashMap<>();
    for (OptimizerSpec o : result.settings().optimizers()) {
      Summary s = Summary.of(result, o, batchSize);
      if (o.usesStatistics() && s.hasRuns()) {
        byRule.computeIfAbsent(List.of(o.base(), o.rule(), o.epsilon(), o.warmupSteps(), o.clipNorm()), k -> new ArrayList<>()).add(s);
      }
    }
    byRule.values().removeIf(summaries -> summaries.size() < 2);
    int colour = 0;
    Set<OptimizerSpec> references = new LinkedHashSet<>();
    double lowest = Double.POSITIVE_INFINITY;
    double highest = 0;
    for (List<Summary> summaries : byRule.values()) {
      List<Summary> sorted = summaries.stream().sorted(Comparator.comparingDouble(s -> s.optimizer().alpha())).toList();
      int n = sorted.size();
      double[] xs = new double[n];
      double[] mean = new double[n];
      double[] low = new double[n];
      double[] high = new double[n];
      for (int i = 0; i < n; i++) {
        Stats seeds = sorted.get(i).accuracy();
        xs[i] = sorted.get(i).optimizer().alpha();
        mean[i] = 100 * seeds.mean();
        low[i] = 100 * seeds.min();
        high[i] = 100 * seeds.max();
      }
      OptimizerSpec first = sorted.get(0).optimizer();
      String name = first.base().name().toLowerCase(Locale.ROOT) + "+" + first.rule().name()
          + (first.epsilon() > 0 ? "(eps=" + first.epsilon() + ")" : "") + first.modifiersLabel();
      Color color = PALETTE[colour++ % PALETTE.length];
      if (sorted.stream().anyMatch(s -> s.runs().size() > 1)) {
        band(chart, name + " (seed band)", xs, low, high, color);
      }
      line(chart, name, xs, mean, color);
      references.add(first.withoutRule());
      lowest = Math.min(lowest, xs[0]);
      highest = Math.max(highest, xs[n - 1]);
    }
    for (OptimizerSpec reference : references) {
      Summary alone = Summary.of(result, reference, batchSize);
      if (alone.hasRuns()) {
        double y = 100 * alone.accuracy().mean();
        XYSeries series = chart.addSeries(alone.optimizer().label(), new double[] {lowest, highest}, new double[] {y, y});
        Color color = PALETTE[colour++ % PALETTE.length];
        series.setLineColor(color);
        series.setLineStyle(SeriesLines.DASH_DASH);
        series.setMarker(SeriesMarkers.NONE);
      }
    }
    return chart;
  }

  private static Plot plot(String section, String fileName, String caption, XYChart chart) throws IOException {
    if (chart.getSeriesMap().isEmpty()) {
      // XChart cannot draw a chart without series; say so in the image instead of failing
      chart.addSeries("no finished runs", new double[] {1}, new double[] {0}); // x = 1 suits a log axis too
    }
    return new Plot(section, fileName, chart.getTitle(), caption, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }
}
