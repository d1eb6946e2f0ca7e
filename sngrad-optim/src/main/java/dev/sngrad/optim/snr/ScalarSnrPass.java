package dev.sngrad.optim.snr;

import static com.google.common.base.Strings.lenientFormat;

/** The reference {@link SnrPass}: one element at a time, on every JVM. */
record ScalarSnrPass(SnrRule rule, double alpha, double epsilon) implements SnrPass {
  @Override
  public void apply(String name, float[] u, float[] mu, float[] variance, float[] out, int from, int to, Lanes lanes) {
    for (int j = from; j < to; j++) {
      lanes.add(j, element(name, j, u, mu, variance, out), mu[j], variance[j]);
    }
  }

  @Override
  public boolean step(
      String name, float[] mu, float[] variance, float[] p, float[] out, int at, int from, int to, double scale,
      Lanes lanes) {
    for (int j = from; j < to; j++) {
      double factor = stepElement(name, j, mu, variance, p, out, at, scale);
      if (Double.isNaN(factor)) {
        return false;
      }
      lanes.add(j, factor, mu[j], variance[j]);
    }
    return true;
  }

  /** Element {@code j}: checks its statistics, writes {@code out[j]} and returns its factor. */
  double element(String name, int j, float[] u, float[] mu, float[] variance, float[] out) {
    double factor = factor(name, j, mu, variance);
    out[j] = (float) (u[j] * factor);
    return factor;
  }

  /**
   * Element {@code j} of a {@link #step}: writes {@code out[at + j]} and returns its factor, or NaN
   * (never a factor) when the mean, the variance or the new parameter is not finite.
   */
  double stepElement(String name, int j, float[] mu, float[] variance, float[] p, float[] out, int at, double scale) {
    if (!(Float.isFinite(mu[j]) && Float.isFinite(variance[j]))) {
      return Double.NaN;
    }
    double factor = factor(name, j, mu, variance);
    float adjusted = (float) (mu[j] * factor);
    float next = p[at + j] + (float) (scale * adjusted); // ScaleByLearningRate, Updates.apply
    out[at + j] = next;
    return Float.isFinite(next) ? factor : Double.NaN;
  }

  private double factor(String name, int j, float[] mu, float[] variance) {
    double m = mu[j];
    double v = variance[j];
    if (!(Double.isFinite(m) && Double.isFinite(v) && v >= 0)) {
      throw new IllegalArgumentException(
          lenientFormat(
              "scaleBySignalToNoise: gradient statistics of '%s' at element %s are not usable:"
                  + " mean %s, variance %s (need a finite mean and a finite variance >= 0)",
              name, j, m, v));
    }
    return rule.uncheckedFactor(m, v, alpha, epsilon);
  }
}
