package dev.sngrad.bench.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.io.Serializable;

/**
 * What one epoch of a run measured.
 *
 * @param epoch from 1
 * @param trainLoss mean of the epoch's step losses (on augmented data when augmenting)
 * @param trainAccuracy accuracy after the epoch on up to 10,000 training examples (a fixed subset,
 *     not augmented), against their true labels also when the run trains on label noise
 * @param testLoss mean loss on the test set (NaN for records made before the test set was
 *     evaluated alongside a validation split)
 * @param testAccuracy accuracy on the test set (NaN likewise)
 * @param validationLoss mean loss on the validation split held out of training (NaN without one)
 * @param validationAccuracy accuracy on the validation split (NaN without one)
 * @param seconds wall time of the epoch's training steps
 * @param examplesPerSecond training examples per second
 * @param meanFactor mean sngrad factor over the epoch's steps and all parameters (1 without a rule)
 * @param dampedFraction mean share of parameters with factor below 1 (0 without a rule)
 * @param tailTrainLoss mean of the step losses over the epoch's last {@link
 *     SearchCriterion#tailSteps} steps (NaN in records written before it was measured)
 * @param layers per parameter tensor (e.g. {@code dense1/weight}, in parameter order), its mean
 *     factor and damped share averaged over the epoch's steps; empty without a rule, and in records
 *     written before they were kept
 * @param noiseScale the simple gradient noise scale {@code B_simple = tr(Sigma) / |mu|^2} of the
 *     whole network (McCandlish et al. 2018, {@code dev.sngrad.optim.snr.NoiseScale}) over the
 *     epoch: the ratio of the numerator and the denominator, each averaged over the epoch's steps
 *     (not the mean of the steps' ratios: each step's {@code |mu|^2} is a noisy estimate, and a
 *     step where it happens to be small would dominate a mean of ratios; McCandlish average both
 *     separately for the same reason). With the population variance over the batch of {@code B};
 *     multiply by {@code B/(B-1)} for the sample covariance that McCandlish use. This is the naive
 *     ratio: averaging does not remove the bias of a batch's {@code |mu|^2}, which overestimates
 *     the true gradient's squared norm by {@code tr(Sigma)/B}, so the ratio stays below about
 *     {@code B} however noisy the gradients are; {@link #unbiasedNoiseScale} corrects it. NaN when
 *     the run did not compute per-example statistics (no rule), and in records written before it
 *     was kept
 * @param noise per parameter tensor, in parameter order, the same two averages and their ratio;
 *     empty when {@link #noiseScale} is NaN
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double testLoss,
    double testAccuracy,
    double validationLoss,
    double validationAccuracy,
    double seconds,
    double examplesPerSecond,
    double meanFactor,
    double dampedFraction,
    double tailTrainLoss,
    Map<String, EpochMetrics.Damping> layers,
    double noiseScale,
    Map<String, EpochMetrics.Noise> noise) implements Serializable {
  public EpochMetrics {
    layers = layers == null ? ImmutableMap.of() : ImmutableMap.copyOf(layers); // null: an older record
    noise = noise == null ? ImmutableMap.of() : ImmutableMap.copyOf(noise);
  }

  /**
   * Reads a ledger record; one written before the tail loss was measured gets NaN for it, one
   * written before per-layer damping was kept gets no layers, one written before the noise scale
   * was kept gets NaN and no per-layer noise.
   */
  @JsonCreator
  static EpochMetrics fromJson(
      @JsonProperty("epoch") int epoch,
      @JsonProperty("trainLoss") double trainLoss,
      @JsonProperty("trainAccuracy") double trainAccuracy,
      @JsonProperty("testLoss") double testLoss,
      @JsonProperty("testAccuracy") double testAccuracy,
      @JsonProperty("validationLoss") double validationLoss,
      @JsonProperty("validationAccuracy") double validationAccuracy,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("examplesPerSecond") double examplesPerSecond,
      @JsonProperty("meanFactor") double meanFactor,
      @JsonProperty("dampedFraction") double dampedFraction,
      @JsonProperty("tailTrainLoss") Double tailTrainLoss,
      @JsonProperty("layers") Map<String, EpochMetrics.Damping> layers,
      @JsonProperty("noiseScale") Double noiseScale,
      @JsonProperty("noise") Map<String, EpochMetrics.Noise> noise) {
    return new EpochMetrics(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, validationLoss, validationAccuracy,
        seconds, examplesPerSecond, meanFactor, dampedFraction, tailTrainLoss == null ? Double.NaN : tailTrainLoss, layers,
        noiseScale == null ? Double.NaN : noiseScale, noise);
  }

  /**
   * How much a rule damped one parameter tensor over an epoch.
   *
   * @param meanFactor the factor averaged over the tensor's elements and the epoch's steps, in [0, 1]
   * @param dampedFraction the share of its elements with factor below 1, averaged over the steps
   */
  public record Damping(double meanFactor, double dampedFraction) implements Serializable {}

  /**
   * The gradient noise of one parameter tensor over an epoch.
   *
   * @param varianceSum {@code sum_j variance_j} over the tensor's elements (population variance of
   *     the per-example gradients), averaged over the epoch's steps
   * @param meanSquaredNorm {@code sum_j mu_j^2}, the squared norm of the batch's mean gradient,
   *     averaged over the steps
   * @param scale {@code varianceSum / meanSquaredNorm}, the tensor's naive simple noise scale
   *     (bounded by about {@code B}; see {@link #unbiasedScale})
   */
  public record Noise(double varianceSum, double meanSquaredNorm, double scale) implements Serializable {
    /**
     * The tensor's simple noise scale with the bias of the batch estimates removed, for batches
     * of {@code batchSize}; see {@link EpochMetrics#unbiasedNoiseScale}.
     *
     * @param batchSize the batch size of the run's steps
     * @return the unbiased estimate, in examples, or NaN as there
     */
    public double unbiasedScale(int batchSize) {
      return unbiased(varianceSum, meanSquaredNorm, batchSize);
    }
  }

  /**
   * The simple noise scale of the epoch with the bias of one batch's estimates removed
   * (McCandlish et al. 2018, appendix A.1, with the two batch sizes being 1 and {@code B}): from
   * the epoch's averages {@code V} of the population variance sums and {@code M} of {@code
   * |mu|^2}, the trace of the per-example covariance is {@code S = V B/(B-1)} and the true
   * gradient's squared norm {@code |G|^2 = M - V/(B-1)}, both unbiased; the result is {@code S /
   * |G|^2}. Unlike {@link #noiseScale} it can exceed {@code B}. NaN when the estimate of {@code
   * |G|^2} is not positive (the mean gradient was not resolved above its noise at this batch size,
   * so the scale is beyond what these batches can measure), when {@code batchSize < 2}, and
   * without per-example statistics. Runs that keep the last partial batch count it as a full one.
   *
   * @param batchSize the batch size of the run's steps
   * @return the unbiased estimate over all parameter tensors, in examples
   */
  public double unbiasedNoiseScale(int batchSize) {
    if (noise.isEmpty()) {
      return Double.NaN;
    }
    double variance = 0;
    double squared = 0;
    for (Noise n : noise.values()) {
      variance += n.varianceSum();
      squared += n.meanSquaredNorm();
    }
    return unbiased(variance, squared, batchSize);
  }

  private static double unbiased(double varianceSum, double meanSquaredNorm, int batchSize) {
    if (batchSize < 2) {
      return Double.NaN;
    }
    double trace = varianceSum * batchSize / (batchSize - 1);
    double signal = meanSquaredNorm - varianceSum / (batchSize - 1);
    return signal > 0 ? trace / signal : Double.NaN;
  }

  /**
   * Accuracy on the set that selects among runs: the validation split when the run has one, else
   * the test set.
   */
  public double selectionAccuracy() {
    return Double.isNaN(validationAccuracy) ? testAccuracy : validationAccuracy;
  }
}
