package dev.sngrad.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.EpochMetrics;
import dev.sngrad.bench.experiment.ExperimentConfig;
import dev.sngrad.bench.experiment.OptimizerSpec;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.RunResult;
import dev.sngrad.bench.experiment.TrainingRun;
import dev.sngrad.nn.checkpoint.Checkpoint;
import dev.sngrad.nn.checkpoint.CheckpointFile;
import dev.sngrad.optim.OptStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code sngrad train}: one run, printed per epoch and written to a run folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train one network (an MLP by default; see --model) and write config.json, metrics.csv (per epoch; with a rule also the gradient noise scale,"
        + " overall and per parameter tensor) and final.ckpt (parameters and optimizer state) to a run folder.")
final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin SingleRunOptions run;

  @Spec CommandSpec spec;

  @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--epochs", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder. Default: runs/train-<dataset>-<optimizer>-<time>.")
  Path out;

  @Override
  public Integer call() throws Exception {
    OptimizerSpec optimizerSpec = run.optimizer(common.epsilon);
    ExperimentConfig config = new ExperimentConfig(common.dataset, List.of(), optimizerSpec, learningRate, run.batchSize, epochs,
        common.seed, common.threads(), common.augment, common.validation, common.backend("auto"), !common.keepLast,
        common.labelNoise, run.network.model());
    Progress progress = common.progress();
    DataBundle data = common.loadData();
    progress.message(String.format("training %s on %s (%d training examples, %d test examples%s) with %s, kernel %s",
        config.model(), data.name(), data.train().size(), data.test().size(), CompareCommand.validationText(data),
        optimizerSpec.label(), config.backend().describe(config.threads())));
    TrainingRun.Outcome outcome = new TrainingRun(data, progress).run(config);
    Path folder = out != null ? out : Path.of("runs", "train-" + config.dataset() + "-" + optimizerSpec.base().name().toLowerCase(Locale.ROOT)
        + (optimizerSpec.usesStatistics() ? "-" + optimizerSpec.rule() : "") + "-" + CompareCommand.timestamp());
    write(folder, outcome);
    RunResult r = outcome.result();
    if (r.diverged()) {
      spec.commandLine().getOut().println("diverged: " + r.failure());
      return 1;
    }
    EpochMetrics last = r.last();
    spec.commandLine().getOut().printf(Locale.ROOT,
        "%s: test accuracy %.2f%%, test loss %.4f, train accuracy %.2f%%, train loss %.4f after %d epochs -> %s%n",
        optimizerSpec.label(), 100 * last.testAccuracy(), last.testLoss(), 100 * last.trainAccuracy(), last.trainLoss(),
        last.epoch(), folder);
    return 0;
  }

  static void write(Path folder, TrainingRun.Outcome outcome) throws java.io.IOException {
    Files.createDirectories(folder);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ExperimentConfig config = outcome.result().config();
    ObjectNode configJson = json.valueToTree(config);
    configJson.put("kernel", config.backend().describe(config.threads())); // which kernel "auto" resolved to
    Files.writeString(folder.resolve("config.json"), json.writeValueAsString(configJson));
    // one noise-scale column per parameter tensor, when the run computed per-example statistics
    List<String> tensors = outcome.result().epochs().isEmpty()
        ? List.of() : List.copyOf(outcome.result().epochs().get(0).noise().keySet());
    StringBuilder csv = new StringBuilder(
        "epoch,train_loss,train_accuracy,test_loss,test_accuracy,validation_loss,validation_accuracy,seconds,examples_per_second,mean_factor,damped_fraction,tail_train_loss,noise_scale,noise_scale_unbiased");
    tensors.forEach(name -> csv.append(",noise_scale_unbiased:").append(name));
    csv.append('\n');
    for (EpochMetrics m : outcome.result().epochs()) {
      csv.append(m.epoch()).append(',').append(m.trainLoss()).append(',').append(m.trainAccuracy()).append(',')
          .append(m.testLoss()).append(',')
          .append(m.testAccuracy()).append(',').append(m.validationLoss()).append(',').append(m.validationAccuracy()).append(',').append(m.seconds()).append(',').append(m.examplesPerSecond()).append(',')
          .append(m.meanFactor()).append(',').append(m.dampedFraction()).append(',')
          .append(m.tailTrainLoss()).append(',').append(m.noiseScale()).append(',')
          .append(m.unbiasedNoiseScale(config.batchSize()));
      for (String name : tensors) {
        EpochMetrics.Noise n = m.noise().get(name);
        csv.append(',').append(n == null ? Double.NaN : n.unbiasedScale(config.batchSize()));
      }
      csv.append('\n');
    }
    Files.writeString(folder.resolve("metrics.csv"), csv);
    CheckpointFile.write(folder.resolve("final.ckpt"), Checkpoint.of(outcome.params(), OptStates.flatten(outcome.optimizerState()),
        ImmutableMap.of("config", json.writeValueAsString(outcome.result().config()),
            "epochs", String.valueOf(outcome.result().epochs().size()))));
  }
}
