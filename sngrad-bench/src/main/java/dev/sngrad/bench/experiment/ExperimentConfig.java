package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.Serializable;
import java.util.List;

/**
 * Everything that defines one training run. Immutable. The same config gives bit-identical results;
 * on the {@link Backend#JAVA} backend whatever the thread count, since its kernels sum every element
 * in a fixed order.
 *
 * @param dataset dataset name ({@code embedded}, {@code mnist}, {@code fashion-mnist}, {@code cifar10})
 * @param hidden hidden layer widths of the ReLU MLP, e.g. {@code [512, 512]}
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
    double labelNoise) implements Serializable {
  public ExperimentConfig {
    hidden = ImmutableList.copyOf(hidden);
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

  public ExperimentConfig withOptimizer(OptimizerSpec o) {
    return new ExperimentConfig(dataset, hidden, o, learningRate, batchSize, epochs, seed, threads, augment, validation, backend, dropLast, labelNoise);
  }

  public ExperimentConfig withLearningRate(double lr) {
    return new ExperimentConfig(dataset, hidden, optimizer, lr, batchSize, epochs, seed, threads, augment, validation, backend, dropLast, labelNoise);
  }

  public ExperimentConfig withBatchSize(int b) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, b, epochs, seed, threads, augment, validation, backend, dropLast, labelNoise);
  }

  public ExperimentConfig withEpochs(int e) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, batchSize, e, seed, threads, augment, validation, backend, dropLast, labelNoise);
  }

  public ExperimentConfig withSeed(long s) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, batchSize, epochs, s, threads, augment, validation, backend, dropLast, labelNoise);
  }

  public ExperimentConfig withThreads(int t) {
    return new ExperimentConfig(dataset, hidden, optimizer, learningRate, batchSize, epochs, seed, t, augment, validation, backend, dropLast, labelNoise);
  }

  /**
   * A stable key naming this run in a study's ledger: everything that changes the result (the
   * thread count does not; the backend is named when it is not the Java one, and dropping the last
   * batch and label noise are named when used, so that keys written before these choices existed
   * stay valid).
   */
  public String key() {
    return String.format(
        "%s_h%s_%s_lr%.6g_b%d_e%d_s%d%s%s%s%s%s",
        dataset, hidden.toString().replaceAll("[\\[\\] ]", "").replace(',', '-'), optimizer.label(), learningRate,
        batchSize, epochs, seed, augment ? "_aug" : "", validation > 0 ? "_val" + validation : "",
        backend == Backend.JAVA ? "" : "_" + backend.label(), dropLast ? "_droplast" : "",
        labelNoise > 0 ? String.format(java.util.Locale.ROOT, "_noise%.4g", labelNoise) : "")
        .replaceAll("[^A-Za-z0-9._+=-]", "_");
  }
}
