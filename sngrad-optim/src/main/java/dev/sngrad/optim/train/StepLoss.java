package dev.sngrad.optim.train;

import dev.sngrad.autodiff.ExampleLoss;

/**
 * The per-example loss of each training step, for losses that change from step to step: a model
 * with dropout draws fresh masks every step from a seed derived from the run's seed and the step's
 * number, e.g. {@code step -> model.trainingLoss(runSeed, step)}. A function of the step number
 * only, so a resumed run draws what an uninterrupted one would.
 */
@FunctionalInterface
public interface StepLoss {
  /**
   * The loss of step {@code step}.
   *
   * @param step the step's number, from 0
   * @return the per-example loss that step minimizes the mean of
   */
  ExampleLoss at(long step);

  /**
   * The same loss at every step.
   *
   * @param loss the loss (without random draws, or with draws fixed for the whole run)
   * @return a step loss returning {@code loss} for every step
   */
  static StepLoss fixed(ExampleLoss loss) {
    return step -> loss;
  }
}
