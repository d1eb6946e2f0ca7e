package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;

/**
 * The simple gradient noise scale of one batch, per parameter tensor and overall: {@code B_simple
 * = sum_j variance_j / sum_j mu_j^2}, the trace of the per-example gradient covariance over the
 * squared L2 norm of the mean gradient (McCandlish et al. 2018, "An Empirical Model of
 * Large-Batch Training"). It estimates the critical batch size: batches much smaller than
 * it are dominated by gradient noise. Reported in the {@link dev.sngrad.optim.AuxOutput} of an
 * update by {@link ScaleBySignalToNoise} and {@link ReportNoiseScale}, from the statistics the
 * update reads anyway. Immutable.
 *
 * <p>The variance is the <em>population</em> variance over the batch's {@code B} examples (that
 * of {@code GradientStats}), so these sums are {@code (B-1)/B} times McCandlish's, which use the
 * sample covariance: multiply {@link #simple()} by {@code B/(B-1)} for theirs (1.008 at {@code B =
 * 128}). Either way one batch's {@code |mu|^2} overestimates the squared norm of the true gradient
 * by {@code tr(Sigma)/B} in expectation, so a ratio of one batch is biased downwards, toward at
 * most about {@code B}, and noisy. Averaging numerator and denominator over many steps before
 * dividing removes the noise but not the bias; subtracting {@code sum_j variance_j / (B-1)} from
 * the averaged {@code |mu|^2} removes the bias (the study's reports do both).
 *
 * @param layers the sums of each parameter tensor, keyed by parameter name in parameter order
 */
public record NoiseScale(ImmutableMap<String, NoiseScale.Layer> layers) {
  /**
   * Checks the components.
   *
   * @param layers the sums of each parameter tensor, keyed by parameter name
   * @throws NullPointerException if {@code layers} is null
   */
  public NoiseScale {
    checkNotNull(layers, "layers");
  }

  /**
   * The sums of one parameter tensor.
   *
   * @param varianceSum {@code sum_j variance_j}, finite and {@code >= 0}
   * @param meanSquaredNorm {@code sum_j mu_j^2}, finite and {@code >= 0}
   */
  public record Layer(double varianceSum, double meanSquaredNorm) {
    /**
     * Checks the components; see the class comment for their ranges.
     *
     * @param varianceSum {@code sum_j variance_j}, finite and {@code >= 0}
     * @param meanSquaredNorm {@code sum_j mu_j^2}, finite and {@code >= 0}
     * @throws IllegalArgumentException if a sum is negative or not finite
     */
    public Layer {
      checkArgument(Double.isFinite(varianceSum) && varianceSum >= 0,
          "variance sum must be finite and >= 0, got %s", varianceSum);
      checkArgument(Double.isFinite(meanSquaredNorm) && meanSquaredNorm >= 0,
          "squared norm of the mean must be finite and >= 0, got %s", meanSquaredNorm);
    }

    /**
     * {@code varianceSum / meanSquaredNorm}: infinite when the mean is 0 and the variance is not,
     * NaN when both are 0.
     *
     * @return this tensor's simple noise scale, in examples
     */
    public double simple() {
      return varianceSum / meanSquaredNorm;
    }
  }

  /**
   * The sums of parameter {@code name}.
   *
   * @param name a parameter name, e.g. {@code dense1/weight}
   * @return that tensor's sums
   * @throws IllegalArgumentException listing the known names when {@code name} is absent
   */
  public Layer layer(String name) {
    Layer l = layers.get(name);
    checkArgument(l != null, "no noise scale for parameter '%s'; have %s", name, layers.keySet());
    return l;
  }

  /**
   * {@code sum_j variance_j} over all elements of all parameters.
   *
   * @return the trace of the per-example gradient covariance, {@code >= 0} (0 for no parameters)
   */
  public double varianceSum() {
    double sum = 0;
    for (Layer l : layers.values()) {
      sum += l.varianceSum();
    }
    return sum;
  }

  /**
   * {@code |mu|^2} over all elements of all parameters.
   *
   * @return the squared L2 norm of the mean gradient, {@code >= 0} (0 for no parameters)
   */
  public double meanSquaredNorm() {
    double sum = 0;
    for (Layer l : layers.values()) {
      sum += l.meanSquaredNorm();
    }
    return sum;
  }

  /**
   * {@code B_simple} of the whole network: {@link #varianceSum()} over {@link #meanSquaredNorm()}.
   *
   * @return the simple noise scale in examples; infinite when the mean gradient is 0 and the
   *     variance is not, NaN when both are 0
   */
  public double simple() {
    return varianceSum() / meanSquaredNorm();
  }
}
