package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.nn.spec.ModelSpec;
import java.io.Serializable;
import java.util.List;

/**
 * Everything that defines one training run. Immutable. The same config gives bit-identical results;
 * on the {@link Backend#JAVA} backend whatever the thread count, since its kernels sum every element
 * in a fixed order.
 *
 * @param dataset dataset name ({@code embedded}, {@code mnist}, {@code fashion-mnist}, {@code cifar10})
 * @param hidden hidden layer widths when the network is a ReLU MLP, e.g. {@code [512, 512]}; empty
 *     for other networks ({@code model} says which network it is)
 * @param optimizer the optimizer chain
 * @param learningRate step size, > 0
 * @param batchSize examples per step, > 0
 * @param epochs passes over the training data, >= 1
 * @param seed seeds the initial weights, the shuffling and the augmentation
 * @param threads threads of the matrix kernels, >= 1
 * @param augment whether to apply the original study's training augmentation
 * @param validation examples held out of the training set to evaluate on instead of the test set (0 = none)
 * @param backend the matrix-product backend (absent in records written before there were two: {@code JAVA})
 * @param dropLast whether each epoch leaves out the last, smaller batch (false in records written
 *     before this was a choice, when the last partial batch was always trained)
 * @param labelNoise share of the training labels replaced by wrong ones ({@link
 *     dev.sngrad.data.LabelNoise}, seeded by {@code seed}), in {@code [0, 1]}; test and validation
 *     labels stay clean (0 in records written before this was a choice)
 * @param model the network as a {@link ModelSpec} in canonical text, e.g. {@code mlp:512,512} or
 *     {@code cnn-small} (absent in records written before there were other networks: the MLP of
 *     {@code hidden})
 */
public record ExperimentConfig(
    String dataset,
    List<Integer> hidden,
    OptimizerSpec optimizer,
    double learningRate,
    int batchSize,
    int epochs,
    long seed,
    int threads,
    boolean augment,
    int validation,
    Backend backend,
    boolean dropLast,
    double labelNoise,
    String model) implements Serializable {
  /**
   * Checks every value and puts {@code model} in canonical text; a missing model is the MLP of
   * {@code hidden}, and {@code hidden} becomes the model's MLP widths (empty for other networks).
   *
   * @throws IllegalArgumentException naming the bad value, a model spec that cannot be read, or
   *     hidden widths that a given MLP model contradicts
   */
  public ExperimentConfig {
    ModelSpec spec = network(hidden, model);
    model = spec.text();
    hidden = ImmutableList.copyOf(spec.mlpWidths().orElse(List.of()));
    checkArgument(!dataset.isBlank(), "dataset name is empty");
    checkArgument(hidden.stream().allMatch(h -> h > 0), "hidden sizes must be positive, got %s", hidden);
    checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got %s", learningRate);
    checkArgument(batchSize > 0, "batch size must be > 0, got %s", batchSize);
    checkArgument(epochs >= 1, "epochs must be >= 1, got %s", epochs);
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    checkArgument(validation >= 0, "validation size must be >= 0, got %s", validation);
    checkArgument(labelNoise >= 0 && labelNoise <= 1, "label noise must be in [0, 1], got %s", labelNoise);
    backend = backend == null ? Backend.JAVA : backend;
  }

  /** A config of the ReLU MLP with {@code hidden} widths, as before other networks could be named. */
  public ExperimentConfig(
      String dataset, List<Integer> hidden, OptimizerSpec optimizer, double learningRate, int batchSize, int epochs,
      long seed, int threads, boolean augment, int validation, Backend backend, boolean dropLast, double labelNoise) {
    this(dataset, hidden, optimizer, learningRate, batchSize, epochs, seed, threads, augment, validation, backend, dropLast,
        labelNoise, null);
  }

  /**
   * The network of a config or comparison: {@code model} when given, else the ReLU MLP of {@code
   * hidden}; hidden widths given with an MLP model must be its widths.
   */
  static ModelSpec network(List<Integer> hidden, String model) {
    ModelSpec spec = model == null || model.isBlank() ? ModelSpec.mlp(hidden) : ModelSpec.parse(model);
    checkArgument(hidden.isEmpty() || spec.mlpWidths().equals(java.util.Optional.of(hidden)),
        "hidden widths %s and model '%s' describe different networks: give one of them", hidden, spec.text());
    return spec;
  }

  /** The network, read from {@link #model}. */
  public ModelSpec modelSpec() {
    return ModelSpec.parse(model);
  }

  public ExperimentConfig withOptimizer(OptimizerSpec o) {
    return new ExperimentConfig(dataset, hidden, o, learningRate, batchSize, epochs, seed, threads, augment, validation, backend, dropLast, labelNoise, model);
  }

  public ExperimentConfig withLearningRate(double lr) {
    return new ExperimentConfig(dataset, hidden, optimizer, lr, batchSize, epochs, seed, threads, augment, validation, backend, dropLast, labelNoise, model);
  }

  public ExperimentConfig withBatchSize(int b) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, b, epochs, seed, threads, augment, validation, backend, dropLast, labelNoise, model);
  }

  public ExperimentConfig withEpochs(int e) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, batchSize, e, seed, threads, augment, validation, backend, dropLast, labelNoise, model);
  }

  public ExperimentConfig withSeed(long s) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, batchSize, epochs, s, threads, augment, validation, backend, dropLast, labelNoise, model);
  }

  public ExperimentConfig withThreads(int t) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, batchSize, epochs, seed, t, augment, validation, backend, dropLast, labelNoise, model);
  }

  /**
   * A stable key naming this run in a study's ledger: everything that changes the result (the
   * thread count does not; the backend is named when it is not the Java one, and dropping the last
   * batch and label noise are named when used, so that keys written before these choices existed
   * stay valid). An MLP is named by its hidden widths ({@code h512-512}), as before other networks
   * could be named; any other network by its model text ({@code cnn-small}).
   */
  public String key() {
    String network = modelSpec().mlpWidths().isPresent()
        ? "h" + hidden.toString().replaceAll("[\\[\\] ]", "").replace(',', '-')
        : model;
    return String.format(
        "%s_%s_%s_lr%.6g_b%d_e%d_s%d%s%s%s%s%s",
        dataset, network, optimizer.label(), learningRate,
        batchSize, epochs, seed, augment ? "_aug" : "", validation > 0 ? "_val" + validation : "",
        backend == Backend.JAVA ? "" : "_" + backend.label(), dropLast ? "_droplast" : "",
        labelNoise > 0 ? String.format(java.util.Locale.ROOT, "_noise%.4g", labelNoise) : "")
        .replaceAll("[^A-Za-z0-9._+=-]", "_");
  }
}
