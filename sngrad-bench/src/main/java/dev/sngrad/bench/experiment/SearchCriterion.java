package dev.sngrad.bench.experiment;

import java.util.Arrays;

/**
 * Which loss of a learning-rate search run ranks the rates (lower wins).
 *
 * <p>The mean over the whole search epoch is dominated by its first steps, where every rate still
 * starts from the same weights, so it favours small rates that fall fast early on and picks rates
 * too low for a long training run; the mean over the epoch's last fifth of steps measures where
 * each rate has got to. With wrong training labels (label noise) a low training loss also rewards
 * memorizing them, so such studies rank by the loss on a clean validation split instead.
 */
public enum SearchCriterion {
  /** Mean training loss over the last 20% of the last search epoch's steps (at least one step). */
  TAIL("tail", "the last-20%-of-steps training loss"),
  /** Mean training loss over all steps of the last search epoch (the first study's criterion). */
  EPOCH_MEAN("epoch-mean", "the epoch-mean training loss"),
  /** Loss on the validation split after the last search epoch; needs a validation split. */
  VALIDATION_LOSS("validation-loss", "the validation loss");

  /** Share of an epoch's last steps that {@link #TAIL} averages. */
  public static final double TAIL_SHARE = 0.2;

  private final String label;
  private final String description;

  SearchCriterion(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** What ranks the rates, for reports: e.g. {@code "the validation loss"}. */
  public String description() {
    return description;
  }

  /** The name used on the command line and in study files. */
  public String label() {
    return label;
  }

  /**
   * The criterion named {@code text} ({@code tail}, {@code epoch-mean} or {@code validation-loss}).
   *
   * @throws IllegalArgumentException naming the known criteria for any other text
   */
  public static SearchCriterion parse(String text) {
    for (SearchCriterion c : values()) {
      if (c.label.equals(text)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown search criterion '" + text + "'; choose one of "
        + Arrays.stream(values()).map(SearchCriterion::label).toList());
  }

  /** The number of last steps of an epoch of {@code steps} steps that {@link #TAIL} averages. */
  public static int tailSteps(int steps) {
    return Math.max(1, (int) Math.ceil(TAIL_SHARE * steps));
  }

  /**
   * The loss that ranks {@code run}: +infinity for a diverged run (so it never wins).
   *
   * @throws IllegalStateException for {@link #TAIL} on a run recorded before tail losses were
   *     measured, and for {@link #VALIDATION_LOSS} on a run without a validation split, naming the
   *     run
   */
  public double score(RunResult run) {
    if (run.diverged() || run.epochs().isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    EpochMetrics last = run.last();
    if (this == EPOCH_MEAN) {
      return last.trainLoss();
    }
    if (this == VALIDATION_LOSS) {
      if (Double.isNaN(last.validationLoss())) {
        throw new IllegalStateException("run " + run.config().key() + " has no validation split to rank by; "
            + "give the study one (--validation N, or validations in a study file)");
      }
      return last.validationLoss();
    }
    if (Double.isNaN(last.tailTrainLoss())) {
      throw new IllegalStateException("run " + run.config().key() + " was recorded before tail losses were measured; "
          + "rank its search with the epoch-mean criterion");
    }
    return last.tailTrainLoss();
  }
}
