package dev.sngrad.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes a comparison's results: {@code runs.csv} (one row per run and epoch, with the full
 * config), {@code lr-search.csv}, {@code results.json} (settings, searches, runs), {@code
 * summary.md} (the tables), the PNG plots of {@link Plots} and {@code report.html}, one page with
 * all of it ({@link HtmlReport}). Text files are written atomically.
 */
public final class Report {
  private Report() {}

  /** The Markdown tables of one comparison: one table per batch size. */
  public static String markdown(Comparison.Result result) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(result.dataset()).append("\n\n");
    md.append(String.format(Locale.ROOT,
        "%s, %d epochs, %d seed(s), learning rate searched per optimizer and batch size over %d rates in [%.3g, %.3g] (%d epoch(s) each, ranked by %s)%s, %s%s.%n%n",
        result.settings().isMlp() ? "MLP " + result.settings().hidden() : "Model " + result.settings().model(),
        result.settings().epochs(), result.settings().seeds(), result.settings().lrPoints(),
        result.settings().lrMin(), result.settings().lrMax(), result.settings().searchEpochs(),
        result.settings().searchCriterion().description(),
        result.settings().augment() ? ", with the study's augmentation" : ", no augmentation",
        result.settings().dropLast() ? "last partial batch dropped" : "last partial batch trained",
        result.settings().labelNoise() > 0
            ? String.format(Locale.ROOT, ", %.0f%% of the training labels wrong", 100 * result.settings().labelNoise()) : ""));
    if (result.settings().validation() > 0) {
      md.append(String.format(Locale.ROOT, "%d examples are held out of the training set as a validation split, evaluated besides the test set.%n%n",
          result.settings().validation()));
    }
    OptimizerSpec reference = result.settings().optimizers().get(0);
    md.append("\"vs ").append(reference.label()).append("\" is the difference in final ")
        .append(result.settings().validation() > 0 ? "validation" : "test")
        .append(" accuracy to ").append(reference.label())
        .append(" seed by seed (runs of one seed share initial weights and batches), in percentage points: mean [95% t interval]"
            + " over the paired seeds (their number); a rule is better or worse than the reference only where the interval"
            + " excludes 0.\n\n");
    md.append("Mean factor and share damped (factor < 1) are averaged over the steps of an epoch and all parameters,"
        + " first epoch → last epoch (means over seeds)."
        + " ms/step is the wall time of the recorded runs, with whatever threads and load they ran under; compare"
        + " step times with the JMH benchmarks instead.\n\n");
    int tableBatch = result.settings().batchSizes().contains(256) ? 256 : result.settings().batchSizes().get(0);
    md.append("The original study's table (").append(result.settings().validation() > 0 ? "validation" : "test")
        .append(" accuracy %, mean ± sd over seeds, batch size ").append(tableBatch).append("):\n\n")
        .append(mainTable(List.of(result), tableBatch)).append('\n');
    for (int b : result.settings().batchSizes()) {
      md.append("### Batch size ").append(b).append("\n\n");
      boolean validation = result.settings().validation() > 0;
      md.append("| optimizer | learning rate | ").append(validation ? "validation accuracy % | " : "")
          .append("test accuracy % (mean ± sd) | ").append(validation ? "test % at best validation epoch | " : "")
          .append("vs ").append(reference.label())
          .append(" | final train loss | mean factor | share damped | ms/step |\n");
      md.append(validation ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" : "|---|---:|---:|---:|---:|---:|---:|---:|\n");
      Summary referenceCell = Summary.of(result, reference, b);
      for (OptimizerSpec o : result.settings().optimizers()) {
        Summary s = Summary.of(result, o, b);
        if (!s.hasRuns()) {
          md.append(String.format("| %s | %s | %s- | %s- | %s | - | - | - |%n", o.label(),
              Double.isNaN(s.learningRate()) ? "-" : fmt(s.learningRate()), validation ? "- | " : "", validation ? "- | " : "",
              noRunReason(result, o, b)));
          continue;
        }
        // a diverged run has no accuracy to average: say how many there were beside the mean of the rest
        long diverged = divergedRuns(result, o, b);
        String divergedNote = diverged == 0 ? "" : " (" + diverged + " of " + (diverged + s.runs().size()) + " runs diverged)";
        md.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s%s | %.4f | %.3f → %.3f | %.1f%% → %.1f%% | %.1f |%n",
            o.label(), fmt(s.learningRate()), validation ? s.accuracyText() + divergedNote + " | " : "",
            s.testAccuracyText() + (validation ? "" : divergedNote),
            validation ? s.earlyStoppedTestAccuracyText() + " | " : "",
            o.equals(reference) ? "reference" : s.pairedDifferenceText(referenceCell),
            s.trainLoss().mean(), s.firstMeanFactor().mean(), s.meanFactor().mean(),
            100 * s.firstDampedFraction().mean(), 100 * s.dampedFraction().mean(), s.millisPerStep().mean()));
      }
      md.append('\n');
    }
    return md.toString();
  }

  /**
   * The original study's table: rows are datasets, columns are the optimizers, cells the test
   * accuracy (mean ± sd over seeds) at {@code batchSize}. The columns are every dataset's
   * optimizers in order of first appearance; a dataset without one shows {@code -}.
   */
  public static String mainTable(List<Comparison.Result> results, int batchSize) {
    List<OptimizerSpec> optimizers =
        results.stream().flatMap(r -> r.settings().optimizers().stream()).distinct().toList();
    StringBuilder md = new StringBuilder("| dataset |");
    optimizers.forEach(o -> md.append(' ').append(o.label()).append(" |"));
    md.append("\n|---|");
    optimizers.forEach(o -> md.append("---:|"));
    md.append('\n');
    for (Comparison.Result r : results) {
      md.append("| ").append(r.dataset()).append(" |");
      for (OptimizerSpec o : optimizers) {
        md.append(' ').append(Summary.of(r, o, batchSize).accuracyText()).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  /**
   * Why a cell has no finished run: its search is incomplete, every rate diverged, every training
   * run diverged, or training is pending.
   */
  private static String noRunReason(Comparison.Result result, OptimizerSpec o, int batchSize) {
    long diverged = divergedRuns(result, o, batchSize);
    return result.searches().stream()
        .filter(s -> s.optimizer().equals(o) && s.batchSize() == batchSize)
        .findFirst()
        .map(s -> s.points().size() < result.settings().lrPoints() ? "search not finished"
            : !s.found() ? "every learning rate diverged"
            : diverged == result.settings().seeds() ? "all " + diverged + " training runs diverged"
            : "training not finished" + (diverged > 0 ? " (" + diverged + " diverged)" : ""))
        .orElse("not run");
  }

  /** The training runs of one cell that diverged. */
  private static long divergedRuns(Comparison.Result result, OptimizerSpec o, int batchSize) {
    return result.runs().stream()
        .filter(r -> r.config().optimizer().equals(o) && r.config().batchSize() == batchSize && r.diverged())
        .count();
  }

  private static String fmt(double lr) {
    return String.format(Locale.ROOT, "%.4g", lr);
  }

  /**
   * Writes every output of {@code result} into {@code folder}: the files above, {@code plots/*.png}
   * and {@code report.html} ({@link HtmlReport}). Returns the report's part, for a report of
   * several datasets.
   */
  public static HtmlReport.Part write(Comparison.Result result, Path folder) throws IOException {
    Files.createDirectories(folder);
    writeAtomically(folder.resolve("runs.csv"), runsCsv(result));
    writeAtomically(folder.resolve("lr-search.csv"), searchCsv(result));
    writeAtomically(folder.resolve("results.json"),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    writeAtomically(folder.resolve("summary.md"), markdown(result));
    HtmlReport.Part part = new HtmlReport.Part(result, Plots.write(result, folder.resolve("plots")));
    HtmlReport.write(folder.resolve("report.html"), "sngrad: " + result.dataset(), "", List.of(part));
    return part;
  }

  private static final String CONFIG_HEADER =
      "dataset,hidden,optimizer,rule,alpha,epsilon,learning_rate,batch_size,epochs,seed,augment,validation,drop_last,label_noise";

  private static String configCsv(ExperimentConfig c) {
    return String.join(",", c.dataset(), c.hidden().toString().replaceAll("[\\[\\] ]", "").replace(',', '-'),
        c.optimizer().base().name().toLowerCase(Locale.ROOT), c.optimizer().rule().name(),
        num(c.optimizer().alpha()), num(c.optimizer().epsilon()), num(c.learningRate()),
        String.valueOf(c.batchSize()), String.valueOf(c.epochs()), String.valueOf(c.seed()),
        String.valueOf(c.augment()), String.valueOf(c.validation()), String.valueOf(c.dropLast()), num(c.labelNoise()));
  }

  static String runsCsv(Comparison.Result result) {
    StringBuilder csv = new StringBuilder(CONFIG_HEADER)
        .append(",epoch,train_loss,train_accuracy,test_loss,test_accuracy,validation_loss,validation_accuracy,seconds,examples_per_second,mean_factor,damped_fraction,tail_train_loss,noise_scale,noise_scale_unbiased,model\n");
    for (RunResult r : result.runs()) {
      for (EpochMetrics m : r.epochs()) {
        csv.append(configCsv(r.config())).append(',').append(m.epoch()).append(',').append(num(m.trainLoss()))
            .append(',').append(num(m.trainAccuracy())).append(',').append(num(m.testLoss())).append(',').append(num(m.testAccuracy())).append(',').append(num(m.validationLoss())).append(',')
            .append(num(m.validationAccuracy())).append(',')
            .append(num(m.seconds())).append(',').append(num(m.examplesPerSecond())).append(',')
            .append(num(m.meanFactor())).append(',').append(num(m.dampedFraction())).append(',')
            .append(num(m.tailTrainLoss())).append(',').append(num(m.noiseScale())).append(',')
            .append(num(m.unbiasedNoiseScale(r.config().batchSize()))).append(',')
            .append(quoted(r.config().model())).append('\n');
      }
    }
    return csv.toString();
  }

  static String searchCsv(Comparison.Result result) {
    StringBuilder csv = new StringBuilder(CONFIG_HEADER).append(",final_train_loss,tail_train_loss,diverged,chosen,model\n");
    for (Comparison.Search s : result.searches()) {
      for (RunResult r : s.points()) {
        csv.append(configCsv(r.config())).append(',')
            .append(r.diverged() ? "" : num(r.finalTrainLoss())).append(',')
            .append(r.diverged() ? "" : num(r.last().tailTrainLoss())).append(',').append(r.diverged()).append(',')
            .append(r.config().learningRate() == s.chosen()).append(',').append(quoted(r.config().model())).append('\n');
      }
    }
    return csv.toString();
  }

  /** A CSV field in double quotes (RFC 4180), for text that may hold commas such as {@code mlp:512,512}. */
  private static String quoted(String text) {
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
