package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Params;

/**
 * Per-parameter statistics of the per-example gradients {@code g_1 ... g_N} of one batch:
 * {@code mean = 1/N sum_i g_i} and the <em>population</em> variance {@code variance = 1/N sum_i
 * (g_i - mean)^2} (divided by N, not N - 1), elementwise, with the parameters' names and shapes.
 *
 * <p>{@code g_i} is the gradient of example {@code i}'s own loss, not divided by N, so {@code mean}
 * equals the gradient of the mean loss. Variances are never negative. Immutable; made by {@link
 * GradientStatsAccumulator#snapshot()} (or directly, as a test's reference does).
 *
 * @param mean the mean of each parameter's per-example gradients, in the parameter's shape
 * @param variance their population variance, in the parameter's shape
 * @param count the number of examples {@code N}
 */
public record GradientStats(Params mean, Params variance, long count) {
  /**
   * Checks the components.
   *
   * @param mean the mean of each parameter's per-example gradients
   * @param variance their population variance, with the names and shapes of {@code mean}
   * @param count the number of examples, {@code >= 1}
   * @throws IllegalArgumentException if {@code mean} and {@code variance} differ in names or
   *     shapes, or {@code count < 1}
   */
  public GradientStats {
    mean.checkSameStructure(variance);
    checkArgument(count > 0, "gradient statistics need at least one example, got %s", count);
  }
}
