package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StateReader;
import dev.sngrad.optim.StateWriter;

/**
 * The state of {@link Transforms#scaleByAdam} (optax's {@code ScaleByAdamState}). Immutable.
 * Flattened as {@code adam/count}, {@code adam/mu/<param>} and {@code adam/nu/<param>} (see {@link
 * dev.sngrad.optim.OptStates}).
 *
 * @param count updates taken so far, from 0; the bias correction of the next update uses {@code
 *     count + 1}
 * @param mu the first-moment estimate {@code m_t}
 * @param nu the second-moment estimate {@code v_t}, same names and shapes as {@code mu}
 */
public record AdamState(long count, Params mu, Params nu) implements OptState {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param count updates taken so far, {@code >= 0}
   * @param mu the first-moment estimate
   * @param nu the second-moment estimate, with the names and shapes of {@code mu}
   * @throws IllegalArgumentException if {@code count} is negative or {@code mu} and {@code nu}
   *     differ in names or shapes
   */
  public AdamState {
    checkArgument(count >= 0, "count must be >= 0, got %s", count);
    mu.checkSameStructure(nu);
  }

  @Override
  public void flattenInto(StateWriter out) {
    StateWriter adam = out.child("adam");
    adam.putLong("count", count);
    adam.putParams("mu", mu);
    adam.putParams("nu", nu);
  }

  @Override
  public AdamState restoreFrom(StateReader in) {
    StateReader adam = in.child("adam");
    long restored = adam.readLong("count");
    checkArgument(restored >= 0, "optimizer state '%s' must be >= 0, got %s", adam.path("count"), restored);
    return new AdamState(restored, adam.params("mu", mu), adam.params("nu", nu));
  }
}
