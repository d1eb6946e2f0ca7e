package dev.sngrad.bench.experiment;

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
    double dampedFraction) implements Serializable {
  /**
   * Accuracy on the set that selects among runs: the validation split when the run has one, else
   * the test set.
   */
  public double selectionAccuracy() {
    return Double.isNaN(validationAccuracy) ? testAccuracy : validationAccuracy;
  }
}
