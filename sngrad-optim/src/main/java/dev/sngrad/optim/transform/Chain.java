package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;

/**
 * Sequential composition of transforms of any kind; see {@link Transforms#chain}. (A chain of
 * elementwise transforms only is an {@link ElementwiseChain}.)
 */
record Chain(ImmutableList<GradientTransform<?>> transforms) implements GradientTransform<ChainState> {
  @Override
  public ChainState init(Params params) {
    return initAll(transforms, params);
  }

  @Override
  public Update<ChainState> update(Params updates, ChainState state, StepContext ctx) {
    checkSubStates(transforms, state);
    ImmutableList.Builder<OptState> states = ImmutableList.builderWithExpectedSize(transforms.size());
    AuxOutput aux = AuxOutput.none();
    Params u = updates;
    for (int i = 0; i < transforms.size(); i++) {
      Update<?> step = updateOne(transforms.get(i), u, state.states().get(i), ctx, i);
      u = step.updates();
      states.add(step.state());
      aux = aux.plus(step.aux());
    }
    return new Update<>(u, new ChainState(states.build()), aux);
  }

  @Override
  public Class<ChainState> stateType() {
    return ChainState.class;
  }

  @Override
  public boolean needsGradientStats() {
    return transforms.stream().anyMatch(GradientTransform::needsGradientStats);
  }

  static ChainState initAll(ImmutableList<? extends GradientTransform<?>> transforms, Params params) {
    ImmutableList.Builder<OptState> states = ImmutableList.builderWithExpectedSize(transforms.size());
    for (GradientTransform<?> t : transforms) {
      states.add(t.init(params));
    }
    return new ChainState(states.build());
  }

  static void checkSubStates(ImmutableList<? extends GradientTransform<?>> transforms, ChainState state) {
    checkArgument(
        state.states().size() == transforms.size(),
        "chain has %s transforms but its state has %s sub-states; was init() called on this chain?",
        transforms.size(), state.states().size());
  }

  /** Sub-state {@code index} as {@code transform}'s state type; fails naming both types. */
  static <S extends OptState> S subState(GradientTransform<S> transform, OptState state, int index) {
    Class<S> type = transform.stateType();
    checkArgument(
        type.isInstance(state), "state %s is %s, expected %s; was init() called on this chain?",
        index, state.getClass().getSimpleName(), type.getSimpleName());
    return type.cast(state);
  }

  private static <S extends OptState> Update<S> updateOne(
      GradientTransform<S> transform, Params updates, OptState state, StepContext ctx, int index) {
    return transform.update(updates, subState(transform, state, index), ctx);
  }
}
