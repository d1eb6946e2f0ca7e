package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.snr.SnrDiagnostics;
import java.util.Optional;

/**
 * The outcome of one {@link TrainStep}. Immutable.
 *
 * @param params the parameters after the update
 * @param state the optimizer state after the update
 * @param loss the mean per-example loss of the minibatch at the parameters before the update
 * @param diagnostics what the signal-to-noise transform did in this step, when the optimizer has
 *     one (the first one found in chain order)
 */
public record StepResult(Params params, OptState state, double loss, Optional<SnrDiagnostics> diagnostics) {
  /** Checks the components; see the class comment for their ranges. */
  public StepResult {
    checkNotNull(params, "params");
    checkNotNull(state, "state");
    checkNotNull(diagnostics, "diagnostics");
  }
}
