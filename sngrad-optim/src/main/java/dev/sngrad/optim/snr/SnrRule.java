package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The three signal-to-noise rules of the sngrad study. For one gradient element with per-example
 * mean {@code mu} and population variance {@code sigma^2} over the batch, a rule gives a factor in
 * {@code [0, 1]} and the adjusted gradient is {@code mu * factor}:
 *
 * <pre>{@code
 * I:   factor = min(1 / (alpha * sigma + epsilon), 1)
 * II:  factor = min(mu^2 / (alpha * sigma^2 + epsilon), 1)
 * III: factor = 1 - min(alpha * sigma, 1)
 * }</pre>
 *
 * <p>With {@code epsilon = 0} (the exact rules), {@code sigma = 0} keeps {@code mu} (factor 1, also
 * when {@code mu = 0}) and {@code mu = 0} with {@code sigma > 0} gives factor 0 under rule II; the
 * adjusted value is therefore 0 whenever {@code mu = 0}. {@code epsilon = 1e-5} reproduces the
 * original code (kaifishr/SignalNoiseGradients, {@code mean * minimum(1 / (alpha * std + 1e-5),
 * 1)} and {@code mean * minimum(mean**2 / (alpha * var + 1e-5), 1)}); there rule II does not keep
 * {@code mu} at zero variance when {@code |mu| < sqrt(epsilon)}. Rule III has no denominator and
 * ignores {@code epsilon}, as the original code.
 *
 * <p><b>Numerics.</b> The factor is computed in double and is never NaN or infinite for finite
 * arguments, including subnormal and huge ones: {@code 0/0} and {@code x/0} are decided before
 * dividing, and when {@code mu^2} or {@code alpha * sigma^2} would overflow or underflow (lose
 * precision in the subnormal range), rule II compares and divides in logarithms, {@code log mu^2 -
 * log(alpha sigma^2 + epsilon)}, so that e.g. {@code mu = 1e-200, sigma^2 = 1e-300, alpha = 1e-100}
 * gives factor 1 rather than {@code 0/0}.
 *
 * <p><b>Scaling of alpha against the original code.</b> The original trained on cross-entropy
 * divided by the number of classes ({@code -mean(log_softmax * one_hot)} over {@code B x 10}
 * entries), so its {@code mu} and {@code sigma} are 1/10 of ours under standard mean cross-entropy.
 * Hence {@code alpha_ours = alpha_orig / 10} for rules I and III; rule II is scale-free in {@code
 * alpha} (but its {@code epsilon} scales: {@code epsilon_ours = 100 * epsilon_orig}); and {@code
 * lr_ours = lr_orig / 10}.
 */
public enum SnrRule {
  /** {@code factor = min(1 / (alpha * sigma + epsilon), 1)}: damps elements with large noise. */
  I {
    @Override
    double uncheckedFactor(double mu, double variance, double alpha, double epsilon) {
      // Generated from RuleDefinitions.of(SnrRule.I) by GeneratedRulesTest (test sources); edit it there.
      if (epsilon < 1.0 && variance < 0.98 * (1.0 - epsilon) * (1.0 - epsilon) / (alpha * alpha)) {
        return 1.0;
      }
      double sigma = Math.sqrt(variance);
      double denominator = sigma * alpha + epsilon;
      if (!(denominator < Double.POSITIVE_INFINITY)) {
        return rareFactor(mu, variance, alpha, epsilon);
      }
      return denominator <= 1.0 ? 1.0 : 1.0 / denominator;
      // End of generated code.
    }

    /**
     * {@code alpha * sigma} overflowed; the true factor is below 2^-1024: take it in logs so that it
     * rounds into the subnormals instead of being flushed to 0.
     */
    @Override
    double rareFactor(double mu, double variance, double alpha, double epsilon) {
      return Math.exp(-logAddExp(Math.log(alpha) + Math.log(Math.sqrt(variance)), logOrNegativeInfinity(epsilon)));
    }
  },

  /** {@code factor = min(mu^2 / (alpha * sigma^2 + epsilon), 1)}: damps elements with low SNR. */
  II {
    @Override
    double uncheckedFactor(double mu, double variance, double alpha, double epsilon) {
      // Generated from RuleDefinitions.of(SnrRule.II) by GeneratedRulesTest (test sources); edit it there.
      boolean noNoise = epsilon == 0.0 && variance == 0.0;
      boolean meanZero = mu == 0.0;
      double squared = mu * mu;
      double scaled = variance * alpha;
      double denominator = scaled + epsilon;
      boolean representable = squared >= Double.MIN_NORMAL
          && squared < Double.POSITIVE_INFINITY
          && (variance == 0.0 || scaled >= Double.MIN_NORMAL)
          && denominator < Double.POSITIVE_INFINITY;
      if (!(representable || noNoise || meanZero)) {
        return rareFactor(mu, variance, alpha, epsilon);
      }
      return noNoise ? 1.0 : (meanZero ? 0.0 : (squared >= denominator ? 1.0 : squared / denominator));
      // End of generated code.
    }

    /**
     * {@code mu^2} or {@code alpha * sigma^2} overflowed or underflowed ({@code mu != 0}, and some
     * noise or {@code epsilon > 0}): compare and divide in logarithms.
     */
    @Override
    double rareFactor(double mu, double variance, double alpha, double epsilon) {
      double logRatio =
          2 * Math.log(Math.abs(mu))
              - logAddExp(
                  variance > 0 ? Math.log(alpha) + Math.log(variance) : Double.NEGATIVE_INFINITY,
                  logOrNegativeInfinity(epsilon));
      return logRatio >= 0 ? 1 : Math.exp(logRatio);
    }
  },

  /** {@code factor = 1 - min(alpha * sigma, 1)}: 0 once {@code alpha * sigma >= 1}; no epsilon. */
  III {
    @Override
    double uncheckedFactor(double mu, double variance, double alpha, double epsilon) {
      // Generated from RuleDefinitions.of(SnrRule.III) by GeneratedRulesTest (test sources); edit it there.
      double sigma = Math.sqrt(variance);
      double scaled = sigma * alpha;
      return scaled >= 1.0 ? 0.0 : 1.0 - scaled;
      // End of generated code.
    }
  };

  /**
   * The factor in {@code [0, 1]} for one element; see the class comment. Never NaN or infinite.
   *
   * @param mu the mean of the per-example gradients, finite
   * @param variance their population variance, finite and {@code >= 0}
   * @param alpha finite and {@code > 0}
   * @param epsilon finite and {@code >= 0}; ignored by rule III
   * @return the factor that multiplies {@code mu}, in {@code [0, 1]}
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public double factor(double mu, double variance, double alpha, double epsilon) {
    checkArgument(Double.isFinite(mu), "rule %s: mu must be finite, got %s", this, mu);
    checkArgument(
        Double.isFinite(variance) && variance >= 0, "rule %s: variance must be finite and >= 0, got %s",
        this, variance);
    checkParameters(alpha, epsilon);
    return uncheckedFactor(mu, variance, alpha, epsilon);
  }

  /**
   * The adjusted gradient {@code mu * factor(mu, variance, alpha, epsilon)}.
   *
   * @param mu the mean of the per-example gradients, finite
   * @param variance their population variance, finite and {@code >= 0}
   * @param alpha finite and {@code > 0}
   * @param epsilon finite and {@code >= 0}; ignored by rule III
   * @return {@code mu} times the rule's factor in {@code [0, 1]}
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public double adjusted(double mu, double variance, double alpha, double epsilon) {
    return mu * factor(mu, variance, alpha, epsilon);
  }

  /**
   * {@link #factor} without argument checks, for loops that checked them already: the rule's
   * ordinary range, written (here and in {@code VectorSnrPass}) from the rule's one definition in
   * {@code RuleDefinitions}, and {@link #rareFactor} outside it.
   */
  abstract double uncheckedFactor(double mu, double variance, double alpha, double epsilon);

  /** The factor where the ordinary formula would overflow or lose precision; in logarithms. */
  double rareFactor(double mu, double variance, double alpha, double epsilon) {
    throw new AssertionError(this + " has no rare range");
  }

  static void checkParameters(double alpha, double epsilon) {
    checkArgument(Double.isFinite(alpha) && alpha > 0, "alpha must be finite and > 0, got %s", alpha);
    checkArgument(
        Double.isFinite(epsilon) && epsilon >= 0, "epsilon must be finite and >= 0, got %s", epsilon);
  }

  private static double logOrNegativeInfinity(double x) {
    return x > 0 ? Math.log(x) : Double.NEGATIVE_INFINITY;
  }

  /** {@code log(e^a + e^b)} without overflow; {@code -inf} when both are {@code -inf}. */
  private static double logAddExp(double a, double b) {
    double max = Math.max(a, b);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log1p(Math.exp(Math.min(a, b) - max));
  }
}
