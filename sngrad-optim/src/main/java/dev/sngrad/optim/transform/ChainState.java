package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sngrad.optim.OptState;

/**
 * The state of {@link Transforms#chain}: one state per chained transform, in chain order (optax
 * keeps a tuple). Immutable.
 *
 * @param states the sub-states; {@code states.get(i)} belongs to transform {@code i}
 */
public record ChainState(ImmutableList<OptState> states) implements OptState {
  /** Checks the components; see the class comment for their ranges. */
  public ChainState {
    checkNotNull(states, "states");
  }
}
