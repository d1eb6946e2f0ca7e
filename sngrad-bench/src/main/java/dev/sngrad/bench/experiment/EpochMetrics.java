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
 *     not augmented)
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
    Map<String, EpochMetrics.Damping> layers) implements Serializable {
  public EpochMetrics {
    layers = layers == null ? ImmutableMap.of() : ImmutableMap.copyOf(layers); // null: an older record
  }

  /**
   * Reads a ledger record; one written before the tail loss was measured gets NaN for it, one
   * written before per-layer damping was kept gets no layers.
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
      @JsonProperty("layers") Map<String, EpochMetrics.Damping> layers) {
    return new EpochMetrics(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, validationLoss, validationAccuracy,
        seconds, examplesPerSecond, meanFactor, dampedFraction, tailTrainLoss == null ? Double.NaN : tailTrainLoss, layers);
  }

  /**
   * How much a rule damped one parameter tensor over an epoch.
   *
   * @param meanFactor the factor averaged over the tensor's elements and the epoch's steps, in [0, 1]
   * @param dampedFraction the share of its elements with factor below 1, averaged over the steps
   */
  public record Damping(double meanFactor, double dampedFraction) implements Serializable {}

  /**
   * Accuracy on the set that selects among runs: the validation split when the run has one, else
   * the test set.
   */
  public double selectionAccuracy() {
    return Double.isNaN(validationAccuracy) ? testAccuracy : validationAccuracy;
  }
}
