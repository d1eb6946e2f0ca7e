package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkState;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.schedule.Schedule;

/** {@code u_out = -schedule(count) * u_in}; see {@link Transforms#scaleBySchedule}. */
record ScaleBySchedule(Schedule schedule) implements GradientTransform<ScheduleState> {
  @Override
  public ScheduleState init(Params params) {
    return new ScheduleState(0);
  }

  @Override
  public Update<ScheduleState> update(Params updates, ScheduleState state, StepContext ctx) {
    double lr = schedule.valueAt(state.count());
    checkState(Double.isFinite(lr), "schedule gave learning rate %s at step %s", (Object) lr, state.count());
    return new Update<>(ScaleByLearningRate.scale(updates, -lr, ctx.updateBuffers()), new ScheduleState(state.count() + 1));
  }

  @Override
  public Class<ScheduleState> stateType() {
    return ScheduleState.class;
  }
}
