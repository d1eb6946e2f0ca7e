package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import java.util.Set;

/**
 * Sequential composition of transforms of any kind; see {@link Transforms#chain}. (A chain of
 * elementwise transforms only is an {@link ElementwiseChain}.) Knows nothing of its members but
 * whether they are elementwise.
 */
record Chain(ImmutableList<GradientTransform<?>> transforms) implements GradientTransform<ChainState> {
  @Override
  public ChainState init(Params params) {
    return initAll(transforms, params);
  }

  /**
   * The members' updates in turn, except that each run of two or more consecutive elementwise
   * members updates as one {@link ElementwiseChain}, in one pass over each block.
   */
  @Override
  public Update<ChainState> update(Params updates, ChainState state, StepContext ctx) {
    checkSubStates(transforms, state);
    for (int i = 0; i < transforms.size(); i++) {
      subState(transforms.get(i), state.states().get(i), i); // fails naming the index
    }
    ImmutableList.Builder<OptState> states = ImmutableList.builderWithExpectedSize(transforms.size());
    AuxOutput aux = AuxOutput.none();
    Params u = updates;
    for (int i = 0; i < transforms.size(); ) {
      int end = i;
      while (end < transforms.size() && transforms.get(end) instanceof ElementwiseTransform<?>) {
        end++;
      }
      if (end - i >= 2) {
        ImmutableList.Builder<ElementwiseTransform<?>> run = ImmutableList.builderWithExpectedSize(end - i);
        transforms.subList(i, end).forEach(t -> run.add((ElementwiseTransform<?>) t));
        Update<ChainState> step = new ElementwiseChain(run.build())
            .update(u, new ChainState(state.states().subList(i, end)), ctx);
        u = step.updates();
        states.addAll(step.state().states());
        aux = aux.plus(step.aux());
        i = end;
      } else {
        Update<?> step = updateOne(transforms.get(i), u, state.states().get(i), ctx, i);
        u = step.updates();
        states.add(step.state());
        aux = aux.plus(step.aux());
        i++;
      }
    }
    return new Update<>(u, new ChainState(states.build()), aux);
  }

  @Override
  public Class<ChainState> stateType() {
    return ChainState.class;
  }

  @Override
  public boolean needsGradientStats() {
    return Chain.anyNeedsGradientStats(transforms);
  }

  @Override
  public Set<PerExampleReduction> perExampleReductions() {
    return Chain.unionOfReductions(transforms);
  }

  /** Every reduction some member asks for, each once, in member order. */
  static ImmutableSet<PerExampleReduction> unionOfReductions(
      ImmutableList<? extends GradientTransform<?>> transforms) {
    ImmutableSet.Builder<PerExampleReduction> union = ImmutableSet.builder();
    transforms.forEach(t -> union.addAll(t.perExampleReductions()));
    return union.build();
  }

  static boolean anyNeedsGradientStats(ImmutableList<? extends GradientTransform<?>> transforms) {
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
