package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What a signal-to-noise rule did to one parameter tensor in one update. Immutable.
 *
 * @param elements number of elements of the tensor
 * @param meanFactor {@code 1/n sum_j factor_j}, in {@code [0, 1]} (1 when {@code n = 0})
 * @param dampedFraction share of elements with {@code factor_j < 1}, in {@code [0, 1]}
 */
public record LayerDiagnostics(int elements, double meanFactor, double dampedFraction) {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param elements number of elements of the tensor, {@code >= 0}
   * @param meanFactor the mean factor, in {@code [0, 1]}
   * @param dampedFraction the share of damped elements, in {@code [0, 1]}
   * @throws IllegalArgumentException if a component is out of its range
   */
  public LayerDiagnostics {
    checkArgument(elements >= 0, "elements must be >= 0, got %s", elements);
    checkArgument(meanFactor >= 0 && meanFactor <= 1, "mean factor must be in [0, 1], got %s", meanFactor);
    checkArgument(
        dampedFraction >= 0 && dampedFraction <= 1, "damped fraction must be in [0, 1], got %s", dampedFraction);
  }
}
