package dev.sngrad.bench.experiment;

/**
 * What one epoch of a run measured.
 *
 * @param epoch from 1
 * @param trainLoss mean of the epoch's step losses (on augmented data when augmenting)
 * @param trainAccuracy accuracy after the epoch on up to 10,000 training examples (a fixed subset,
 *     not augmented)
 * @param testLoss mean loss on the evaluation set (test set, or the validation split)
 * @param testAccuracy accuracy on the evaluation set
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
    double seconds,
    double examplesPerSecond,
    double meanFactor,
    double dampedFraction) {}
