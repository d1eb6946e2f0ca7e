package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sngrad.nn.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol of a comparison on one dataset: for every batch size and optimizer, a learning-rate
 * search (short runs on a geometric grid from the same initial weights; the lowest training loss
 * by the {@link SearchCriterion} wins; diverged runs are skipped), then full training with the
 * chosen rate for every seed.
 *
 * @param hidden hidden layer widths of a ReLU MLP (empty when {@code model} names the network)
 * @param batchSizes batch sizes to compare
 * @param optimizers optimizers to compare
 * @param epochs epochs of every training run
 * @param seeds seeds {@code 0 .. seeds-1}; seed 0's weights are also the search's
 * @param lrMin lowest learning rate of the grid
 * @param lrMax highest learning rate of the grid
 * @param lrPoints number of grid points (geometric spacing)
 * @param searchEpochs epochs of every search run
 * @param augment the study's training augmentation on or off
 * @param validation examples held out of training for evaluation (0 = evaluate on the test set)
 * @param threads matrix-kernel threads
 * @param backend matrix-product backend
 * @param dropLast whether training (searches included) leaves out each epoch's last, smaller batch
 * @param labelNoise share of training labels replaced by wrong ones, in {@code [0, 1]}
 * @param searchCriterion which training loss of a search run ranks the learning rates
 * @param model the network as a {@link dev.sngrad.nn.spec.ModelSpec}; null for the MLP of {@code
 *     hidden}
 */
public record CompareSettings(
    List<Integer> hidden,
    List<Integer> batchSizes,
    List<OptimizerSpec> optimizers,
    int epochs,
    int seeds,
    double lrMin,
    double lrMax,
    int lrPoints,
    int searchEpochs,
    boolean augment,
    int validation,
    int threads,
    Backend backend,
    boolean dropLast,
    double labelNoise,
    SearchCriterion searchCriterion,
    String model) {
  /**
   * Checks every value and puts the network in canonical form, as {@link ExperimentConfig} does.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public CompareSettings {
    ModelSpec network = ExperimentConfig.network(hidden, model);
    hidden = ImmutableList.copyOf(network.mlpWidths().orElse(List.of()));
    model = network.text();
    batchSizes = ImmutableList.copyOf(batchSizes);
    optimizers = ImmutableList.copyOf(optimizers);
    checkArgument(!batchSizes.isEmpty() && batchSizes.stream().allMatch(b -> b > 0), "batch sizes must be > 0, got %s", batchSizes);
    checkArgument(!optimizers.isEmpty(), "no optimizers to compare");
    checkArgument(epochs >= 1 && searchEpochs >= 1, "epochs must be >= 1, got %s and %s", epochs, searchEpochs);
    checkArgument(seeds >= 1, "seeds must be >= 1, got %s", seeds);
    checkArgument(lrMin > 0 && lrMax >= lrMin, "learning-rate grid needs 0 < min <= max, got %s .. %s", lrMin, lrMax);
    checkArgument(lrPoints >= 1, "learning-rate grid needs >= 1 point, got %s", lrPoints);
    checkArgument(labelNoise >= 0 && labelNoise <= 1, "label noise must be in [0, 1], got %s", labelNoise);
    checkNotNull(searchCriterion, "searchCriterion");
    checkArgument(searchCriterion != SearchCriterion.VALIDATION_LOSS || validation > 0,
        "the validation-loss search criterion needs a validation split (--validation N, or validations in a study file)");
  }

  /** Settings for the ReLU MLP of {@code hidden}, as before other networks could be named. */
  public CompareSettings(
      List<Integer> hidden, List<Integer> batchSizes, List<OptimizerSpec> optimizers, int epochs, int seeds, double lrMin,
      double lrMax, int lrPoints, int searchEpochs, boolean augment, int validation, int threads, Backend backend,
      boolean dropLast, double labelNoise, SearchCriterion searchCriterion) {
    this(hidden, batchSizes, optimizers, epochs, seeds, lrMin, lrMax, lrPoints, searchEpochs, augment, validation, threads,
        backend, dropLast, labelNoise, searchCriterion, null);
  }

  /** The network in words: {@code ReLU MLP, hidden layers [512, 512]} or {@code model cnn-small}. */
  public String networkDescription() {
    return isMlp() ? "ReLU MLP, hidden layers " + hidden : "model " + model;
  }

  /** Whether the network is a plain ReLU MLP, named by its {@link #hidden} widths. */
  public boolean isMlp() {
    return ModelSpec.parse(model).mlpWidths().isPresent();
  }

  /** The learning-rate grid, {@code lrPoints} values spaced geometrically from min to max. */
  public List<Double> learningRates() {
    ImmutableList.Builder<Double> b = ImmutableList.builder();
    for (int i = 0; i < lrPoints; i++) {
      double t = lrPoints == 1 ? 0 : (double) i / (lrPoints - 1);
      b.add(lrMin * Math.pow(lrMax / lrMin, t));
    }
    return b.build();
  }

  /**
   * The runs of the learning-rate search of {@code optimizer} at {@code batchSize}: every grid
   * point from seed 0's weights for {@code searchEpochs}.
   */
  public List<ExperimentConfig> searchConfigs(String dataset, OptimizerSpec optimizer, int batchSize) {
    return learningRates().stream().map(lr -> config(dataset, optimizer, lr, batchSize, searchEpochs, 0)).toList();
  }

  /** The training runs of {@code optimizer} at {@code batchSize} with the chosen rate, one per seed. */
  public List<ExperimentConfig> trainingConfigs(String dataset, OptimizerSpec optimizer, int batchSize, double chosenRate) {
    List<ExperimentConfig> runs = new ArrayList<>();
    for (long seed = 0; seed < seeds; seed++) {
      runs.add(config(dataset, optimizer, chosenRate, batchSize, epochs, seed));
    }
    return runs;
  }

  /** The config of a run of this comparison. */
  public ExperimentConfig config(String dataset, OptimizerSpec optimizer, double lr, int batchSize, int runEpochs, long seed) {
    return new ExperimentConfig(dataset, hidden, optimizer, lr, batchSize, runEpochs, seed, threads, augment, validation, backend, dropLast, labelNoise, model);
  }
}
