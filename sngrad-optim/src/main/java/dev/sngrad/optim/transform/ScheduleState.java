package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.optim.OptState;

/**
 * The state of {@link Transforms#scaleBySchedule}: the number of updates taken so far, which is the
 * step the schedule is evaluated at (optax's {@code ScaleByScheduleState}). Immutable.
 *
 * @param count updates taken so far, from 0
 */
public record ScheduleState(long count) implements OptState {
  /** Checks the components; see the class comment for their ranges. */
  public ScheduleState {
    checkArgument(count >= 0, "count must be >= 0, got %s", count);
  }
}
