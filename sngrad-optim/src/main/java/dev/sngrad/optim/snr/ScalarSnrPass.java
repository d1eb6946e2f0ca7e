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

  /** Element {@code j}: checks its statistics, writes {@code out[j]} and returns its factor. */
  double element(String name, int j, float[] u, float[] mu, float[] variance, float[] out) {
    double m = mu[j];
    double v = variance[j];
    if (!(Double.isFinite(m) && Double.isFinite(v) && v >= 0)) {
      throw new IllegalArgumentException(
          lenientFormat(
              "scaleBySignalToNoise: gradient statistics of '%s' at element %s are not usable:"
                  + " mean %s, variance %s (need a finite mean and a finite variance >= 0)",
              name, j, m, v));
    }
    double factor = rule.uncheckedFactor(m, v, alpha, epsilon);
    out[j] = (float) (u[j] * factor);
    return factor;
  }
}
