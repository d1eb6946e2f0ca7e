package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.OptState;

/**
 * The state of {@link Transforms#scaleByAdam} (optax's {@code ScaleByAdamState}). Immutable.
 *
 * @param count updates taken so far, from 0; the bias correction of the next update uses {@code
 *     count + 1}
 * @param mu the first-moment estimate {@code m_t}
 * @param nu the second-moment estimate {@code v_t}, same names and shapes as {@code mu}
 */
public record AdamState(long count, Params mu, Params nu) implements OptState {
  /** Checks the components; see the class comment for their ranges. */
  public AdamState {
    checkArgument(count >= 0, "count must be >= 0, got %s", count);
    mu.checkSameStructure(nu);
  }
}
