package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StateReader;
import dev.sngrad.optim.StateWriter;

/**
 * The state of {@link Transforms#chain}: one state per chained transform, in chain order (optax
 * keeps a tuple). Immutable. Flattened with sub-state {@code i} below {@code i/}, e.g. {@code
 * 0/adam/count} (see {@link dev.sngrad.optim.OptStates}).
 *
 * @param states the sub-states; {@code states.get(i)} belongs to transform {@code i}
 */
public record ChainState(ImmutableList<OptState> states) implements OptState {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param states the sub-states, in chain order
   * @throws NullPointerException if {@code states} is null
   */
  public ChainState {
    checkNotNull(states, "states");
  }

  @Override
  public void flattenInto(StateWriter out) {
    for (int i = 0; i < states.size(); i++) {
      states.get(i).flattenInto(out.child(String.valueOf(i)));
    }
  }

  @Override
  public ChainState restoreFrom(StateReader in) {
    ImmutableList.Builder<OptState> restored = ImmutableList.builderWithExpectedSize(states.size());
    for (int i = 0; i < states.size(); i++) {
      restored.add(states.get(i).restoreFrom(in.child(String.valueOf(i))));
    }
    return new ChainState(restored.build());
  }
}
