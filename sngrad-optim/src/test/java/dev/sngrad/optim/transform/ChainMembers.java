package dev.sngrad.optim.transform;

import com.google.common.collect.ImmutableList;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;

/** For tests: a chain's update taken member by member, each member's update a pass of its own. */
public final class ChainMembers {
  private ChainMembers() {}

  /** The update of {@code chain} (from {@link Transforms#chain}) with each member updating in turn. */
  public static Update<ChainState> updateOneByOne(
      GradientTransform<ChainState> chain, Params updates, ChainState state, StepContext ctx) {
    ImmutableList<? extends GradientTransform<?>> members = chain instanceof ElementwiseChain e
        ? e.transforms()
        : ((Chain) chain).transforms();
    ImmutableList.Builder<OptState> states = ImmutableList.builder();
    AuxOutput aux = AuxOutput.none();
    Params u = updates;
    for (int i = 0; i < members.size(); i++) {
      Update<?> step = updateOne(members.get(i), u, state.states().get(i), ctx);
      u = step.updates();
      states.add(step.state());
      aux = aux.plus(step.aux());
    }
    return new Update<>(u, new ChainState(states.build()), aux);
  }

  private static <S extends OptState> Update<S> updateOne(
      GradientTransform<S> member, Params updates, OptState state, StepContext ctx) {
    return member.update(updates, member.castState(state), ctx);
  }
}
