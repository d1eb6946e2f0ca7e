package dev.sngrad.optim.snr;

import static com.google.common.base.Strings.lenientFormat;

/** The reference {@link SnrPass}: one element at a time, on every JVM. */
record ScalarSnrPass(SnrRule rule, double alpha, double epsilon) implements SnrPass {
  @Override
  public boolean apply(
      String name, int at, float[] u, float[] mu, float[] variance, float[] out, int from, int to, Lanes lanes) {
    for (int j = from; j < to; j++) {
      double factor = element(name, at, j, u, mu, variance, out);
      if (Double.isNaN(factor)) {
        return false;
      }
      lanes.add(j, factor, mu[j], variance[j]);
    }
    return true;
  }

  /**
   * Element {@code j}: writes {@code out[j]} and returns its factor, or NaN (never a factor) when
   * the mean or the variance is not finite.
   */
  double element(String name, int at, int j, float[] u, float[] mu, float[] variance, float[] out) {
    double m = mu[j];
    double v = variance[j];
    if (!(Double.isFinite(m) && Double.isFinite(v))) {
      return Double.NaN;
    }
    if (v < 0) {
      throw new IllegalArgumentException(unusable(name, at + j, m, v));
    }
    double factor = rule.uncheckedFactor(m, v, alpha, epsilon);
    out[j] = (float) (u[j] * factor);
    return factor;
  }

  /** The message for statistics the rule cannot use. */
  static String unusable(String name, int element, double mean, double variance) {
    return lenientFormat(
        "scaleBySignalToNoise: gradient statistics of '%s' at element %s are not usable:"
            + " mean %s, variance %s (need a finite mean and a finite variance >= 0)",
        name, element, mean, variance);
  }
}
