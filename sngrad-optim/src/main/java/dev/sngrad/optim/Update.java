package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;

/**
 * The result of {@link GradientTransform#update}: the transformed updates, the transform's next
 * state and what it reports about the update. Immutable.
 *
 * @param updates the outgoing updates, with the names and shapes of the incoming ones
 * @param state the state to pass to the next call
 * @param aux what the transform reports about this update (not part of the state)
 */
public record Update<S extends OptState>(Params updates, S state, AuxOutput aux) {
  /** Checks the components; see the class comment for their ranges. */
  public Update {
    checkNotNull(updates, "updates");
    checkNotNull(state, "state");
    checkNotNull(aux, "aux");
  }

  /** An update that reports nothing. */
  public Update(Params updates, S state) {
    this(updates, state, AuxOutput.none());
  }
}
