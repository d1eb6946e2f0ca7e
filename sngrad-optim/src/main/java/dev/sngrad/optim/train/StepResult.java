package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.snr.NoiseScale;
import dev.sngrad.optim.snr.SnrDiagnostics;
import java.util.Optional;

/**
 * The outcome of one {@link TrainStep}. Immutable.
 *
 * @param params the parameters after the update
 * @param state the optimizer state after the update
 * @param loss the mean per-example loss of the minibatch at the parameters before the update
 * @param aux what the optimizer's transforms reported about the update, in chain order
 */
public record StepResult(Params params, OptState state, double loss, AuxOutput aux) {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param params the parameters after the update
   * @param state the optimizer state after the update
   * @param loss the mean per-example loss before the update
   * @param aux what the optimizer's transforms reported
   * @throws NullPointerException if {@code params}, {@code state} or {@code aux} is null
   */
  public StepResult {
    checkNotNull(params, "params");
    checkNotNull(state, "state");
    checkNotNull(aux, "aux");
  }

  /**
   * What the first signal-to-noise transform of the optimizer did in this step, if it has one.
   *
   * @return the first {@link SnrDiagnostics} of {@link #aux()}, or empty
   */
  public Optional<SnrDiagnostics> diagnostics() {
    return aux.first(SnrDiagnostics.class);
  }

  /**
   * The batch's gradient noise scale, when the optimizer computed it: a signal-to-noise transform
   * or {@link dev.sngrad.optim.snr.ReportNoiseScale} reports it.
   *
   * @return the first {@link NoiseScale} of {@link #aux()}, or empty
   */
  public Optional<NoiseScale> noiseScale() {
    return aux.first(NoiseScale.class);
  }
}
