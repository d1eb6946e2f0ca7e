package dev.sngrad.optim.snr;

import dev.sngrad.autodiff.linalg.MatMulKernel;

/**
 * One signal-to-noise rule applied to one parameter tensor: {@code out[j] = (float) (u[j] *
 * factor(mu[j], variance[j]))} with the factor of {@link SnrRule} in double, and the tensor's
 * {@link LayerDiagnostics}.
 *
 * <p>Two implementations give bit-identical results: {@link ScalarSnrPass}, the reference, which
 * runs on every JVM, and {@link VectorSnrPass}, four doubles at a time with the Vector API, chosen
 * when the JVM has {@code jdk.incubator.vector}. The factors are the same IEEE operations in the
 * same order in both, and the diagnostic sums are kept in four fixed lanes (element {@code j} goes
 * to lane {@code j mod 4}) added as {@code (l0 + l1) + (l2 + l3)}, so they do not depend on the
 * machine's vector width either.
 */
interface SnrPass {
  /**
   * Writes the adjusted update to {@code out} and returns the diagnostics.
   *
   * @throws IllegalArgumentException naming {@code name} and the element, when a mean is not finite
   *     or a variance is not finite and {@code >= 0}
   */
  LayerDiagnostics apply(String name, float[] u, float[] mu, float[] variance, float[] out);

  /** The fastest pass this JVM can run for {@code rule}; arguments checked by the caller. */
  static SnrPass of(SnrRule rule, double alpha, double epsilon) {
    return MatMulKernel.vectorApiAvailable()
        ? new VectorSnrPass(rule, alpha, epsilon)
        : new ScalarSnrPass(rule, alpha, epsilon);
  }

  /** The diagnostic sums in their four fixed lanes; see the interface comment. */
  final class Lanes {
    final double[] factorSum = new double[4];
    final double[] signalToNoiseSum = new double[4];
    int damped;
    int noisy;

    /** Adds element {@code j} with factor {@code factor}, mean {@code m} and variance {@code v}. */
    void add(int j, double factor, double m, double v) {
      factorSum[j & 3] += factor;
      if (factor < 1) {
        damped++;
      }
      if (v > 0) {
        noisy++;
        signalToNoiseSum[j & 3] += Math.abs(m) / Math.sqrt(v);
      }
    }

    LayerDiagnostics diagnostics(int n) {
      double factors = (factorSum[0] + factorSum[1]) + (factorSum[2] + factorSum[3]);
      double signalToNoise = (signalToNoiseSum[0] + signalToNoiseSum[1]) + (signalToNoiseSum[2] + signalToNoiseSum[3]);
      return new LayerDiagnostics(
          n, n == 0 ? 1 : Math.min(1, factors / n), n == 0 ? 0 : (double) damped / n, noisy,
          noisy == 0 ? 0 : signalToNoise / noisy);
    }
  }
}
