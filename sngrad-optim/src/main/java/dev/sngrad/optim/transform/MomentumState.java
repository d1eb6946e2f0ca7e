package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StateReader;
import dev.sngrad.optim.StateWriter;

/**
 * The state of {@link Transforms#trace}: the momentum buffer {@code t}, with the names and shapes
 * of the parameters (optax's {@code TraceState}). Immutable. Flattened as {@code
 * momentum/trace/<param>} (see {@link dev.sngrad.optim.OptStates}).
 *
 * @param trace the decayed sum of past updates
 */
public record MomentumState(Params trace) implements OptState {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param trace the momentum buffer, named and shaped like the parameters
   * @throws NullPointerException if {@code trace} is null
   */
  public MomentumState {
    checkNotNull(trace, "trace");
  }

  @Override
  public void flattenInto(StateWriter out) {
    out.child("momentum").putParams("trace", trace);
  }

  @Override
  public MomentumState restoreFrom(StateReader in) {
    return new MomentumState(in.child("momentum").params("trace", trace));
  }
}
