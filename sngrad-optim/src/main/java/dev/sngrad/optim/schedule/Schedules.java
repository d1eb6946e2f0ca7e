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

  /**
   * Linear warm-up to a constant rate: {@code lr(t) = learningRate * min(t + 1, warmupSteps) /
   * warmupSteps}, so the first update takes {@code learningRate / warmupSteps} and update {@code
   * warmupSteps - 1} and every later one the full rate (PyTorch's {@code LinearLR} from {@code
   * 1 / warmupSteps}, then constant). Unlike the other factories it returns a value, so two
   * optimizers built from the same warm-up compare equal.
   *
   * @param learningRate the rate reached at the end of the warm-up, finite
   * @param warmupSteps the number of updates over which the rate rises, {@code > 0}
   * @return the schedule; it throws {@link IllegalArgumentException} for a negative step
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Schedule linearWarmup(double learningRate, long warmupSteps) {
    return new LinearWarmup(learningRate, warmupSteps);
  }

  /** See {@link #linearWarmup}. */
  private record LinearWarmup(double learningRate, long warmupSteps) implements Schedule {
    LinearWarmup {
      checkFinite(learningRate, "learning rate");
      checkArgument(warmupSteps > 0, "warmupSteps must be > 0, got %s", warmupSteps);
    }

    @Override
    public double valueAt(long step) {
      return checkStep(step) + 1 >= warmupSteps ? learningRate : learningRate * (step + 1) / warmupSteps;
    }
  }

  private static void checkFinite(double value, String what) {
    checkArgument(Double.isFinite(value), "%s must be finite, got %s", what, value);
  }

  private static long checkStep(long step) {
    checkArgument(step >= 0, "schedule step must be >= 0, got %s", step);
    return step;
  }
}
