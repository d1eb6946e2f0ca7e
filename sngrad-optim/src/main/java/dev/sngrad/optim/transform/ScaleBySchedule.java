package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkState;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.schedule.Schedule;

/** {@code u_out = -schedule(count) * u_in}; see {@link Transforms#scaleBySchedule}. */
record ScaleBySchedule(Schedule schedule) implements ElementwiseTransform<ScheduleState> {
  @Override
  public ScheduleState init(Params params) {
    return new ScheduleState(0);
  }

  @Override
  public Pass<ScheduleState> start(ScheduleState state, StepContext ctx) {
    double lr = schedule.valueAt(state.count());
    checkState(Double.isFinite(lr), "schedule gave learning rate %s at step %s", (Object) lr, state.count());
    return Pass.of(ScaleByLearningRate.scale(-lr), new ScheduleState(state.count() + 1));
  }

  @Override
  public Class<ScheduleState> stateType() {
    return ScheduleState.class;
  }
}
