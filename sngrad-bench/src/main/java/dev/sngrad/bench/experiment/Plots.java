package dev.sngrad.bench.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * PNG plots of a comparison (XChart), each titled, with labelled axes and a legend: per batch size
 * the test- (or validation-) accuracy and training-loss curves of every optimizer (mean over seeds), and the final
 * test accuracy against batch size.
 */
public final class Plots {
  /** Size of every plot, in pixels. */
  public static final int WIDTH = 900;

  public static final int HEIGHT = 600;

  private Plots() {}

  /** Writes {@code accuracy-b<B>.png}, {@code loss-b<B>.png} and {@code accuracy-vs-batch-size.png}. */
  public static void write(Comparison.Result result, Path folder) throws IOException {
    Files.createDirectories(folder);
    String accuracy = result.settings().validation() > 0 ? "validation accuracy" : "test accuracy";
    for (int b : result.settings().batchSizes()) {
      save(curves(result, b, accuracy, EpochMetrics::selectionAccuracy), folder.resolve("accuracy-b" + b + ".png"));
      save(curves(result, b, "training loss", EpochMetrics::trainLoss), folder.resolve("loss-b" + b + ".png"));
    }
    save(accuracyAgainstBatchSize(result, accuracy), folder.resolve("accuracy-vs-batch-size.png"));
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(6);
    return chart;
  }

  private static XYChart curves(Comparison.Result result, int batchSize, String what, ToDoubleFunction<EpochMetrics> metric) {
    XYChart chart = chart(result.dataset() + ": " + what + " per epoch, batch size " + batchSize + " (mean over seeds)",
        "epoch", what);
    for (OptimizerSpec o : result.settings().optimizers()) {
      Summary s = Summary.of(result, o, batchSize);
      if (!s.hasRuns()) {
        continue;
      }
      int epochs = s.runs().stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int e = 0; e < epochs; e++) {
        int epoch = e;
        xs.add((double) (e + 1));
        ys.add(s.runs().stream().mapToDouble(r -> metric.applyAsDouble(r.epochs().get(epoch))).average().orElse(Double.NaN));
      }
      if (!xs.isEmpty()) {
        chart.addSeries(o.label(), xs, ys);
      }
    }
    return chart;
  }

  private static XYChart accuracyAgainstBatchSize(Comparison.Result result, String accuracy) {
    XYChart chart = chart(result.dataset() + ": final " + accuracy + " against batch size (mean over seeds)",
        "batch size", accuracy);
    for (OptimizerSpec o : result.settings().optimizers()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int b : result.settings().batchSizes()) {
        Summary s = Summary.of(result, o, b);
        if (s.hasRuns()) {
          xs.add((double) b);
          ys.add(s.accuracy().mean());
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(o.label(), xs, ys);
      }
    }
    return chart;
  }

  private static void save(XYChart chart, Path file) throws IOException {
    if (chart.getSeriesMap().isEmpty()) {
      // XChart cannot draw a chart without series; say so in the image instead of failing
      chart.addSeries("no finished runs", new double[] {0}, new double[] {0});
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
