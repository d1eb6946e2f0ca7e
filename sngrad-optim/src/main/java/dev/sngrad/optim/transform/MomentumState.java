package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.OptState;

/**
 * The state of {@link Transforms#trace}: the momentum buffer {@code t}, with the names and shapes
 * of the parameters (optax's {@code TraceState}). Immutable.
 *
 * @param trace the decayed sum of past updates
 */
public record MomentumState(Params trace) implements OptState {
  /** Checks the components; see the class comment for their ranges. */
  public MomentumState {
    checkNotNull(trace, "trace");
  }
}
