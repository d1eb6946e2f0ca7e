package dev.sngrad.optim.snr;

/** The reference {@link SnrPass}: one element at a time, on every JVM. */
record ScalarSnrPass(SnrRule rule, double alpha, double epsilon) implements SnrPass {
  @Override
  public boolean apply(float[] u, float[] mu, float[] variance, float[] out, int from, int to, Lanes lanes) {
    for (int j = from; j < to; j++) {
      double factor = element(j, u, mu, variance, out);
      if (Double.isNaN(factor)) {
        return false;
      }
      lanes.add(j, factor, mu[j], variance[j]);
    }
    return true;
  }

  /**
   * Element {@code j}: writes {@code out[j]} and returns its factor, or NaN (never a factor) when
   * the mean is not finite or the variance is not finite and {@code >= 0}.
   */
  double element(int j, float[] u, float[] mu, float[] variance, float[] out) {
    double m = mu[j];
    double v = variance[j];
    if (!(Double.isFinite(m) && Double.isFinite(v) && v >= 0)) {
      return Double.NaN;
    }
    double factor = rule.uncheckedFactor(m, v, alpha, epsilon);
    out[j] = (float) (u[j] * factor);
    return factor;
  }
}
