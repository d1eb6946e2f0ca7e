package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StateReader;
import dev.sngrad.optim.StateWriter;

/**
 * The state of {@link Transforms#scaleBySchedule}: the number of updates taken so far, which is the
 * step the schedule is evaluated at (optax's {@code ScaleByScheduleState}). Immutable. Flattened as
 * {@code schedule/count} (see {@link dev.sngrad.optim.OptStates}).
 *
 * @param count updates taken so far, from 0
 */
public record ScheduleState(long count) implements OptState {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param count updates taken so far, {@code >= 0}
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public ScheduleState {
    checkArgument(count >= 0, "count must be >= 0, got %s", count);
  }

  @Override
  public void flattenInto(StateWriter out) {
    out.child("schedule").putLong("count", count);
  }

  @Override
  public ScheduleState restoreFrom(StateReader in) {
    StateReader schedule = in.child("schedule");
    long restored = schedule.readLong("count");
    checkArgument(restored >= 0, "optimizer state '%s' must be >= 0, got %s", schedule.path("count"), restored);
    return new ScheduleState(restored);
  }
}
