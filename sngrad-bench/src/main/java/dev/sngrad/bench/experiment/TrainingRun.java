package dev.sngrad.bench.experiment;

import com.google.common.base.Stopwatch;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.data.Batch;
import dev.sngrad.data.Batcher;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.LabelNoise;
import dev.sngrad.nn.Evaluation;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.NonFiniteException;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Trains one {@link ExperimentConfig}: its network (a ReLU MLP by default) with He-normal weights
 * drawn from the config's seed (so every optimizer starts from the same weights for a seed),
 * standard softmax cross-entropy, shuffled batches (seeded per epoch), dropout masks drawn per step
 * from the seed and the step number, evaluation in inference phase after every epoch on the steps'
 * matrix kernel (the config's backend). A NaN or infinite value ends the run as diverged, with the
 * step and layer in its failure message.
 */
public final class TrainingRun {
  private final DataBundle data;
  private final Progress progress;

  public TrainingRun(DataBundle data, Progress progress) {
    this.data = data;
    this.progress = progress;
  }

  /**
   * The network of {@code config} for this data: its {@linkplain ExperimentConfig#model() model}
   * built for the dataset's image shape and classes (an MLP model is exactly {@link
   * dev.sngrad.nn.layer.Mlp#of} of the input size, its widths and the classes).
   *
   * @throws IllegalArgumentException if the model does not fit the data, naming the layer
   */
  public Sequential network(ExperimentConfig config) {
    ImageShape image = data.train().shape();
    return config.modelSpec().build(Shape.of(image.channels(), image.height(), image.width()), data.classes());
  }

  /** Initial weights of {@code config}: a function of its seed and network only. */
  public Params initialParams(ExperimentConfig config) {
    return network(config).init(config.seed());
  }

  /** Runs {@code config} from its initial weights. */
  public Outcome run(ExperimentConfig config) {
    return run(config, initialParams(config));
  }

  /** The result, the final parameters and the final optimizer state of a run. */
  public record Outcome(RunResult result, Params params, OptState optimizerState) {}

  /** Runs {@code config} from {@code init} (not modified), on threads of its own. */
  public Outcome run(ExperimentConfig config, Params init) {
    try (WorkerThreads threads = WorkerThreads.start(config.threads())) {
      // training steps and evaluation run on the same kernel and threads
      return run(config, init, ExecutionContext.of(config.backend().kernel(), threads));
    }
  }

  private Outcome run(ExperimentConfig config, Params init, ExecutionContext context) {
    Model model = new Model(network(config), Loss.softmaxCrossEntropy());
    // each step trains with dropout masks of its own, seeded by the run seed and the step number
    TrainStep step = TrainStep.of(s -> model.trainingLoss(config.seed(), s), config.optimizer().transform(config.learningRate()))
        .withContext(context);
    Batcher train = Batcher.builder(LabelNoise.symmetric(data.train(), config.labelNoise(), config.seed()), data.normalization())
        .batchSize(config.batchSize())
        .shuffle(true)
        .dropLast(config.dropLast())
        .seed(config.seed())
        .augmentation(data.augmentation(config.augment()))
        .build();
    Batcher test = evaluationBatches(data.test());
    Optional<Batcher> validation = data.validation().map(this::evaluationBatches);
    Batcher trainSample = evaluationBatches(trainingSample());

    TrainingSession session = TrainingSession.start(step, init);
    List<EpochMetrics> epochs = new ArrayList<>();
    long total = (long) config.epochs() * train.batchesPerEpoch();
    try (Progress.Task task = progress.start(label(config), total)) {
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double lossSum = 0;
        double factorSum = 0;
        double dampedSum = 0;
        Map<String, double[]> layerSums = new LinkedHashMap<>(); // per parameter: factor sum, damped sum
        Map<String, double[]> noiseSums = new LinkedHashMap<>(); // per parameter: variance sum, |mean|^2
        int steps = 0;
        long examples = 0;
        // the last steps' losses, for the search's tail criterion: a ring of the tail's length
        double[] tail = new double[SearchCriterion.tailSteps(train.batchesPerEpoch())];
        Stopwatch watch = Stopwatch.createStarted();
        for (Batch batch : train.epoch(epoch)) {
          TrainingSession.Report r = session.step(minibatch(batch));
          lossSum += r.loss();
          tail[steps % tail.length] = r.loss();
          examples += batch.labels().length;
          factorSum += r.diagnostics().map(d -> d.meanFactor()).orElse(1.0);
          dampedSum += r.diagnostics().map(d -> d.dampedFraction()).orElse(0.0);
          r.diagnostics().ifPresent(d -> d.layers().forEach((name, layer) -> {
            double[] sums = layerSums.computeIfAbsent(name, k -> new double[2]);
            sums[0] += layer.meanFactor();
            sums[1] += layer.dampedFraction();
          }));
          r.noiseScale().ifPresent(n -> n.layers().forEach((name, layer) -> {
            double[] sums = noiseSums.computeIfAbsent(name, k -> new double[2]);
            sums[0] += layer.varianceSum();
            sums[1] += layer.meanSquaredNorm();
          }));
          steps++;
          task.step(String.format("epoch %d loss %.4f", epoch + 1, r.loss()));
        }
        double seconds = watch.elapsed(TimeUnit.NANOSECONDS) / 1e9;
        Params params = session.params();
        Evaluation.Result onTest = evaluate(model, params, test, context);
        Optional<Evaluation.Result> onValidation = validation.map(v -> evaluate(model, params, v, context));
        Evaluation.Result onTrain = evaluate(model, params, trainSample, context);
        EpochMetrics m = new EpochMetrics(
            epoch + 1, lossSum / steps, onTrain.accuracy(), onTest.meanLoss(), onTest.accuracy(),
            onValidation.map(Evaluation.Result::meanLoss).orElse(Double.NaN),
            onValidation.map(Evaluation.Result::accuracy).orElse(Double.NaN), seconds,
            examples / seconds, factorSum / steps, dampedSum / steps, tailMean(tail, steps), perLayer(layerSums, steps),
            noiseScale(noiseSums), noise(noiseSums, steps));
        epochs.add(m);
        report(config, m);
      }
    } catch (NonFiniteException e) {
      progress.message("  diverged: " + e.getMessage());
      progress.event("diverged", Map.of("run", config.key(), "failure", e.getMessage()));
      return new Outcome(new RunResult(config, epochs, true, e.getMessage()), session.params(), session.state());
    }
    return new Outcome(new RunResult(config, epochs, false, ""), session.params(), session.state());
  }

  /**
   * The mean of the last {@code tail.length} of an epoch's {@code steps} losses, summed oldest
   * first (a fixed order, so the same run gives the same bits).
   */
  static double tailMean(double[] tail, int steps) {
    int n = Math.min(tail.length, steps);
    double sum = 0;
    for (int k = steps - n; k < steps; k++) {
      sum += tail[k % tail.length];
    }
    return sum / n;
  }

  private static Map<String, EpochMetrics.Damping> perLayer(Map<String, double[]> sums, int steps) {
    Map<String, EpochMetrics.Damping> layers = new LinkedHashMap<>();
    sums.forEach((name, s) -> layers.put(name, new EpochMetrics.Damping(s[0] / steps, s[1] / steps)));
    return layers;
  }

  /**
   * The epoch's noise scale of the whole network: the variance sums of all steps and tensors over
   * their squared mean norms (a ratio of averages; see {@link EpochMetrics#noiseScale}); NaN when
   * no step reported one.
   */
  static double noiseScale(Map<String, double[]> sums) {
    if (sums.isEmpty()) {
      return Double.NaN;
    }
    double variance = 0;
    double squared = 0;
    for (double[] s : sums.values()) {
      variance += s[0];
      squared += s[1];
    }
    return variance / squared;
  }

  private static Map<String, EpochMetrics.Noise> noise(Map<String, double[]> sums, int steps) {
    Map<String, EpochMetrics.Noise> layers = new LinkedHashMap<>();
    sums.forEach((name, s) -> layers.put(name, new EpochMetrics.Noise(s[0] / steps, s[1] / steps, s[0] / s[1])));
    return layers;
  }

  /**
   * Up to {@value #TRAIN_SAMPLE} training examples, evenly spaced, for the training accuracy, with
   * their true labels: a run that trains on label noise reports how well it fits the true classes.
   */
  private dev.sngrad.data.Dataset trainingSample() {
    int n = data.train().size();
    if (n <= TRAIN_SAMPLE) {
      return data.train();
    }
    int[] indices = new int[TRAIN_SAMPLE];
    for (int i = 0; i < TRAIN_SAMPLE; i++) {
      indices[i] = (int) ((long) i * n / TRAIN_SAMPLE);
    }
    return data.train().subset(data.train().name() + "-sample", indices);
  }

  private static final int TRAIN_SAMPLE = 10_000;

  private Batcher evaluationBatches(dev.sngrad.data.Dataset set) {
    return Batcher.builder(set, data.normalization()).batchSize(1024).shuffle(false).build();
  }

  private static Evaluation.Result evaluate(Model model, Params params, Batcher batches, ExecutionContext context) {
    Evaluation e = new Evaluation(model, context);
    for (Batch b : batches.epoch(0)) {
      Minibatch m = minibatch(b);
      e.add(params, m.inputs(), m.labels());
    }
    return e.result();
  }

  static Minibatch minibatch(Batch batch) {
    return new Minibatch(TensorArrays.wrap(Shape.of(batch.shape()), batch.inputs()), batch.labels());
  }

  private static String label(ExperimentConfig c) {
    return String.format("%s lr=%.4g b=%d s=%d", c.optimizer().label(), c.learningRate(), c.batchSize(), c.seed());
  }

  private void report(ExperimentConfig config, EpochMetrics m) {
    String snr = config.optimizer().usesStatistics()
        ? String.format(", factor %.3f, damped %.1f%%", m.meanFactor(), 100 * m.dampedFraction())
        : "";
    if (!Double.isNaN(m.noiseScale())) {
      snr += String.format(", noise scale %.4g", m.noiseScale());
    }
    progress.message(String.format(
        "  epoch %d/%d: train loss %.4f, accuracy %.2f%%; %stest loss %.4f, accuracy %.2f%%; %.1f s, %.0f examples/s%s",
        m.epoch(), config.epochs(), m.trainLoss(), 100 * m.trainAccuracy(),
        Double.isNaN(m.validationAccuracy()) ? "" : String.format(
            "validation loss %.4f, accuracy %.2f%%; ", m.validationLoss(), 100 * m.validationAccuracy()),
        m.testLoss(), 100 * m.testAccuracy(), m.seconds(), m.examplesPerSecond(), snr));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("run", config.key());
    fields.put("epoch", m.epoch());
    fields.put("trainLoss", m.trainLoss());
    fields.put("trainAccuracy", m.trainAccuracy());
    fields.put("testLoss", m.testLoss());
    fields.put("testAccuracy", m.testAccuracy());
    if (!Double.isNaN(m.validationAccuracy())) {
      fields.put("validationLoss", m.validationLoss());
      fields.put("validationAccuracy", m.validationAccuracy());
    }
    fields.put("seconds", m.seconds());
    fields.put("meanFactor", m.meanFactor());
    fields.put("dampedFraction", m.dampedFraction());
    if (!Double.isNaN(m.noiseScale())) {
      fields.put("noiseScale", m.noiseScale());
    }
    progress.event("epoch", fields);
  }
}
