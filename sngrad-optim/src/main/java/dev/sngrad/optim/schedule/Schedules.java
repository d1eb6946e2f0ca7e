package dev.sngrad.optim.schedule;

import static com.google.common.base.Preconditions.checkArgument;

/** Factories for common {@link Schedule}s; every one is immutable and pure. */
public final class Schedules {
  private Schedules() {}

  /**
   * {@code lr(t) = learningRate} for every step.
   *
   * @param learningRate the rate returned at every step, finite
   * @return the schedule; it throws {@link IllegalArgumentException} for a negative step
   * @throws IllegalArgumentException if {@code learningRate} is not finite
   */
  public static Schedule constant(double learningRate) {
    checkFinite(learningRate, "learning rate");
    return step -> {
      checkStep(step);
      return learningRate;
    };
  }

  /**
   * Step decay: {@code lr(t) = learningRate * factor^floor(t / everySteps)}, e.g. {@code step(0.1,
   * 1000, 0.5)} halves the rate every 1000 steps.
   *
   * @param learningRate the rate of steps {@code [0, everySteps)}, finite
   * @param everySteps the number of steps between decays, {@code > 0}
   * @param factor the multiplier applied at each decay, finite and {@code >= 0}
   * @return the schedule; it throws {@link IllegalArgumentException} for a negative step
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Schedule step(double learningRate, long everySteps, double factor) {
    checkFinite(learningRate, "learning rate");
    checkArgument(everySteps > 0, "everySteps must be > 0, got %s", everySteps);
    checkArgument(Double.isFinite(factor) && factor >= 0, "factor must be finite and >= 0, got %s", factor);
    return step -> learningRate * Math.pow(factor, (double) (checkStep(step) / everySteps));
  }

  /**
   * Cosine decay from {@code learningRate} to {@code finalLearningRate} over {@code totalSteps}
   * (optax's {@code cosine_decay_schedule} with {@code alpha = finalLearningRate / learningRate}):
   *
   * <pre>{@code
   * lr(t) = final + (lr - final) * (1 + cos(pi * t / T)) / 2   for t < T
   * lr(t) = final                                             for t >= T
   * }</pre>
   *
   * @param learningRate the rate at step 0, finite
   * @param totalSteps the number of steps {@code T} of the decay, {@code > 0}
   * @param finalLearningRate the rate from step {@code T} on, finite
   * @return the schedule; it throws {@link IllegalArgumentException} for a negative step
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Schedule cosine(double learningRate, long totalSteps, double finalLearningRate) {
    checkFinite(learningRate, "learning rate");
    checkFinite(finalLearningRate, "final learning rate");
    checkArgument(totalSteps > 0, "totalSteps must be > 0, got %s", totalSteps);
    return step -> {
      long t = Math.min(checkStep(step), totalSteps);
      double cosine = 0.5 * (1 + Math.cos(Math.PI * t / totalSteps));
      return finalLearningRate + (learningRate - finalLearningRate) * cosine;
    };
  }

  private static void checkFinite(double value, String what) {
    checkArgument(Double.isFinite(value), "%s must be finite, got %s", what, value);
  }

  private static long checkStep(long step) {
    checkArgument(step >= 0, "schedule step must be >= 0, got %s", step);
    return step;
  }
}
