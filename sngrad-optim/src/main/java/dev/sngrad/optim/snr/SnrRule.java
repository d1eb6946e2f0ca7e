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
  I,
  /** {@code factor = min(mu^2 / (alpha * sigma^2 + epsilon), 1)}: damps elements with low SNR. */
  II,
  /** {@code factor = 1 - min(alpha * sigma, 1)}: 0 once {@code alpha * sigma >= 1}; no epsilon. */
  III;

  /*
   * Each rule is written once, lane-wise against LaneArithmetic: commonFactor covers the ordinary
   * range and marks the rest with NaN (never a factor), which rareFactor then computes in
   * logarithms, one double at a time. The scalar reference (uncheckedFactor) runs commonFactor on
   * one lane; VectorSnrPass runs it on four and hands a block with a NaN lane back to the scalar
   * path, so both give the same bits by construction.
   */

  /**
   * The factor in {@code [0, 1]} for one element; see the class comment. Never NaN or infinite.
   *
   * @param mu the mean of the per-example gradients, finite
   * @param variance their population variance, finite and {@code >= 0}
   * @param alpha finite and {@code > 0}
   * @param epsilon finite and {@code >= 0}; ignored by rule III
   */
  public double factor(double mu, double variance, double alpha, double epsilon) {
    checkArgument(Double.isFinite(mu), "rule %s: mu must be finite, got %s", this, mu);
    checkArgument(
        Double.isFinite(variance) && variance >= 0, "rule %s: variance must be finite and >= 0, got %s",
        this, variance);
    checkParameters(alpha, epsilon);
    return uncheckedFactor(mu, variance, alpha, epsilon);
  }

  /** The adjusted gradient {@code mu * factor(mu, variance, alpha, epsilon)}; same arguments. */
  public double adjusted(double mu, double variance, double alpha, double epsilon) {
    return mu * factor(mu, variance, alpha, epsilon);
  }

  /** {@link #factor} without argument checks, for loops that checked them already. */
  double uncheckedFactor(double mu, double variance, double alpha, double epsilon) {
    double factor = commonFactor(ScalarArithmetic.INSTANCE, mu, variance, Math.sqrt(variance), alpha, epsilon);
    return Double.isNaN(factor) ? rareFactor(mu, variance, alpha, epsilon) : factor;
  }

  /**
   * The factor in each lane with finite {@code mu}, finite {@code variance >= 0} and its square
   * root {@code sigma}, or NaN in the lanes where an intermediate value overflows or underflows,
   * which {@link #rareFactor} takes. The rules are separate methods so that each stays small enough
   * for the JIT to inline into the vector loop.
   */
  <V, M> V commonFactor(LaneArithmetic<V, M> on, V mu, V variance, V sigma, double alpha, double epsilon) {
    return switch (this) {
      case I -> commonFactorI(on, sigma, alpha, epsilon);
      case II -> commonFactorII(on, mu, variance, alpha, epsilon);
      case III -> commonFactorIII(on, sigma, alpha);
    };
  }

  private static <V, M> V commonFactorI(LaneArithmetic<V, M> on, V sigma, double alpha, double epsilon) {
    V denominator = on.add(on.multiply(sigma, alpha), epsilon);
    // <= 1 includes sigma = 0 (x/0) and alpha * sigma underflowing to 0
    V factor = on.select(on.atMost(denominator, 1), on.constant(1), on.divide(on.constant(1), denominator));
    return on.select(on.lessThan(denominator, Double.POSITIVE_INFINITY), factor, on.constant(Double.NaN));
  }

  private static <V, M> V commonFactorII(LaneArithmetic<V, M> on, V mu, V variance, double alpha, double epsilon) {
    V squared = on.multiply(mu, mu);
    V scaled = on.multiply(variance, alpha);
    V denominator = on.add(scaled, epsilon);
    M representable = on.and(
        on.and(on.atLeast(squared, Double.MIN_NORMAL), on.lessThan(squared, Double.POSITIVE_INFINITY)),
        on.and(
            on.or(on.equal(variance, 0), on.atLeast(scaled, Double.MIN_NORMAL)),
            on.lessThan(denominator, Double.POSITIVE_INFINITY)));
    V factor = on.select(on.atLeast(squared, denominator), on.constant(1), on.divide(squared, denominator));
    factor = on.select(representable, factor, on.constant(Double.NaN));
    factor = on.select(on.equal(mu, 0), on.constant(0), factor); // 0 / positive
    if (epsilon == 0) {
      // no noise: keep mu (0/0 when mu = 0 too; the adjusted value is 0 either way)
      factor = on.select(on.equal(variance, 0), on.constant(1), factor);
    }
    return factor;
  }

  private static <V, M> V commonFactorIII(LaneArithmetic<V, M> on, V sigma, double alpha) {
    V scaled = on.multiply(sigma, alpha);
    // overflow to infinity gives 0; never NaN
    return on.select(on.atLeast(scaled, 1), on.constant(0), on.subtract(on.constant(1), scaled));
  }

  /** The factor where {@link #commonFactor} gave NaN, in logarithms; see the class comment. */
  private double rareFactor(double mu, double variance, double alpha, double epsilon) {
    return switch (this) {
      // alpha * sigma overflowed; the true factor is below 2^-1024: take it in logs so that it
      // rounds into the subnormals instead of being flushed to 0.
      case I -> Math.exp(
          -logAddExp(Math.log(alpha) + Math.log(Math.sqrt(variance)), logOrNegativeInfinity(epsilon)));
      case II -> {
        // mu^2 or alpha * sigma^2 overflowed or underflowed: compare and divide in logarithms.
        double logRatio =
            2 * Math.log(Math.abs(mu))
                - logAddExp(
                    variance > 0 ? Math.log(alpha) + Math.log(variance) : Double.NEGATIVE_INFINITY,
                    logOrNegativeInfinity(epsilon));
        yield logRatio >= 0 ? 1 : Math.exp(logRatio);
      }
      case III -> throw new AssertionError("rule III has no rare range");
    };
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
