package dev.sngrad.optim.schedule;

/**
 * A learning-rate schedule: a pure function {@code step -> lr} of the number of updates already
 * taken ({@code 0} for the first update), as optax's schedules of {@code count}. Implementations
 * must return a finite value for every {@code step >= 0}.
 */
@FunctionalInterface
public interface Schedule {
  /**
   * The learning rate for update number {@code step} (from 0).
   *
   * @param step the number of updates already taken, {@code >= 0}
   * @return the learning rate, finite
   */
  double valueAt(long step);
}
