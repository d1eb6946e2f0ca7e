package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.optim.OptState;

/**
 * The state of {@link ScaleBySignalToNoise}: the rule needs no memory, so the state only carries
 * the diagnostics of the last update. Immutable.
 *
 * @param diagnostics what the last update did, per parameter
 */
public record SnrState(SnrDiagnostics diagnostics) implements OptState {
  /** Checks the components; see the class comment for their ranges. */
  public SnrState {
    checkNotNull(diagnostics, "diagnostics");
  }
}
