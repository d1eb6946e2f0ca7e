package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.FusedStep;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.snr.ScaleBySignalToNoise;
import dev.sngrad.optim.snr.SnrState;
import java.util.Optional;

/**
 * Sequential composition; see {@link Transforms#chain}. Two chains also take whole steps in one
 * pass ({@link FusedStep}): {@code scaleByLearningRate} alone (SGD) from the gradient, and {@code
 * scaleBySignalToNoise, scaleByLearningRate} (SGD on the adjusted gradient) from fused moments.
 */
record Chain(ImmutableList<GradientTransform<?>> transforms)
    implements GradientTransform<ChainState>, FusedStep {
  @Override
  public ChainState init(Params params) {
    ImmutableList.Builder<OptState> states = ImmutableList.builderWithExpectedSize(transforms.size());
    for (GradientTransform<?> t : transforms) {
      states.add(t.init(params));
    }
    return new ChainState(states.build());
  }

  @Override
  public Update<ChainState> update(Params updates, ChainState state, StepContext ctx) {
    checkSubStates(state);
    ImmutableList.Builder<OptState> states = ImmutableList.builderWithExpectedSize(transforms.size());
    Params u = updates;
    for (int i = 0; i < transforms.size(); i++) {
      Update<?> step = updateOne(transforms.get(i), u, state.states().get(i), ctx, i);
      u = step.updates();
      states.add(step.state());
    }
    return new Update<>(u, new ChainState(states.build()));
  }

  private void checkSubStates(ChainState state) {
    checkArgument(
        state.states().size() == transforms.size(),
        "chain has %s transforms but its state has %s sub-states; was init() called on this chain?",
        transforms.size(), state.states().size());
  }

  private static <S extends OptState> Update<S> updateOne(
      GradientTransform<S> transform, Params updates, OptState state, StepContext ctx, int index) {
    Class<S> type = transform.stateType();
    checkArgument(
        type.isInstance(state), "state %s is %s, expected %s; was init() called on this chain?",
        index, state.getClass().getSimpleName(), type.getSimpleName());
    return transform.update(updates, type.cast(state), ctx);
  }

  @Override
  public boolean takesStepsFromMoments() {
    return transforms.size() == 2
        && transforms.get(0) instanceof ScaleBySignalToNoise
        && transforms.get(1) instanceof ScaleByLearningRate;
  }

  @Override
  public Optional<Step> stepFromMoments(
      Params params, ImmutableMap<String, Moments> moments, OptState state, StepContext ctx, BufferSource into) {
    ChainState chainState = castState(state);
    checkSubStates(chainState);
    if (!takesStepsFromMoments()
        || !(transforms.get(0) instanceof ScaleBySignalToNoise snr)
        || !(transforms.get(1) instanceof ScaleByLearningRate lr)
        || !(chainState.states().get(0) instanceof SnrState snrState)) {
      return Optional.empty();
    }
    return snr.scaledStepFromMoments(params, moments, snrState, -lr.learningRate(), ctx.kernel(), into)
        .map(s -> new Step(s.params(), new ChainState(ImmutableList.of(s.state(), chainState.states().get(1)))));
  }

  @Override
  public boolean takesStepsFromGradient() {
    return transforms.size() == 1 && transforms.get(0) instanceof ScaleByLearningRate;
  }

  @Override
  public Optional<Step> stepFromGradient(
      Params params, Params gradient, OptState state, StepContext ctx, BufferSource into) {
    ChainState chainState = castState(state);
    checkSubStates(chainState);
    if (!takesStepsFromGradient() || !(transforms.get(0) instanceof ScaleByLearningRate lr)) {
      return Optional.empty();
    }
    return lr.step(params, gradient, into).map(next -> new Step(next, chainState));
  }

  @Override
  public Class<ChainState> stateType() {
    return ChainState.class;
  }

  @Override
  public boolean needsGradientStats() {
    return transforms.stream().anyMatch(GradientTransform::needsGradientStats);
  }
}
