package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;

/**
 * The result of {@link GradientTransform#update}: the transformed updates and the transform's next
 * state. Immutable.
 *
 * @param updates the outgoing updates, with the names and shapes of the incoming ones
 * @param state the state to pass to the next call
 */
public record Update<S extends OptState>(Params updates, S state) {
  /** Checks the components; see the class comment for their ranges. */
  public Update {
    checkNotNull(updates, "updates");
    checkNotNull(state, "state");
  }
}
