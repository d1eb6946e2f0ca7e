package dev.sngrad.bench.experiment;

import com.google.common.collect.ImmutableList;
import java.io.Serializable;
import java.util.List;

/**
 * The outcome of one run: its config, per-epoch metrics, and whether it diverged (a NaN or infinite
 * loss, gradient or parameter), with the message naming step and layer.
 */
public record RunResult(ExperimentConfig config, List<EpochMetrics> epochs, boolean diverged, String failure) implements Serializable {
  public RunResult {
    epochs = ImmutableList.copyOf(epochs);
  }

  /** The last epoch's metrics; fails for a run that diverged in its first epoch. */
  public EpochMetrics last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("run " + config.key() + " has no finished epoch: " + failure);
    }
    return epochs.get(epochs.size() - 1);
  }

  /** The first epoch's metrics; fails for a run that diverged in its first epoch. */
  public EpochMetrics first() {
    last(); // the same check and message
    return epochs.get(0);
  }

  /** The last epoch's mean training loss, or +infinity for a diverged run. */
  public double finalTrainLoss() {
    return SearchCriterion.EPOCH_MEAN.score(this);
  }
}
