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
 * @param <S> the transform's state type
 */
public record Update<S extends OptState>(Params updates, S state, AuxOutput aux) {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param updates the outgoing updates
   * @param state the state to pass to the next call
   * @param aux what the transform reports about this update
   * @throws NullPointerException if any component is null
   */
  public Update {
    checkNotNull(updates, "updates");
    checkNotNull(state, "state");
    checkNotNull(aux, "aux");
  }

  /**
   * An update that reports nothing ({@link AuxOutput#none()}).
   *
   * @param updates the outgoing updates
   * @param state the state to pass to the next call
   * @throws NullPointerException if either argument is null
   */
  public Update(Params updates, S state) {
    this(updates, state, AuxOutput.none());
  }
}
