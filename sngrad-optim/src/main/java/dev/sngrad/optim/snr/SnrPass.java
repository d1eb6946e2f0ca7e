package dev.sngrad.optim.snr;

import dev.sngrad.autodiff.linalg.CpuFeatures;

/**
 * One signal-to-noise rule applied to a block of elements: {@code out[j] = (float) (u[j] *
 * factor(mu[j], variance[j]))} with the factor of {@link SnrRule} in double, and the sums behind
 * the block's {@link LayerDiagnostics} and {@link NoiseScale} (taken from the statistics the rule
 * reads anyway, instead of in a second pass over the block).
 *
 * <p>Two implementations give bit-identical results: {@link ScalarSnrPass}, the reference, which
 * runs on every JVM, and {@link VectorSnrPass}, 4 or 8 doubles at a time with the Vector API, chosen
 * when {@code CpuFeatures.vectorApi()} says so (the JVM has {@code jdk.incubator.vector}, and
 * {@code -Dsngrad.vector.loops=false} is not set). The factors are the same IEEE operations in the
 * same order in both, and the diagnostic sums are kept in four fixed lanes (element {@code j} goes
 * to lane {@code j mod 4}) added as {@code (l0 + l1) + (l2 + l3)}, so they do not depend on the
 * machine's vector width either. The blocks of one chunk add to the chunk's lanes in order, and
 * the chunks' lanes are added in chunk order, so the thread count changes nothing.
 */
interface SnrPass {
  /**
   * Writes the adjusted update of the elements {@code [from, to)} to {@code out} and adds their
   * diagnostics and noise-scale sums to {@code lanes}; {@code from} is a multiple of 4. {@code out} may be {@code u}
   * but not {@code mu} or {@code variance}.
   *
   * @return false, leaving {@code out} and {@code lanes} partly written, as soon as a mean is not
   *     finite or a variance is not finite and {@code >= 0}
   */
  boolean apply(float[] u, float[] mu, float[] variance, float[] out, int from, int to, Lanes lanes);

  /** Whether this JVM has the Vector API; looked up once, not on every update. */
  boolean VECTOR_API = CpuFeatures.vectorApi();

  /** The fastest pass this JVM can run for {@code rule}; arguments checked by the caller. */
  static SnrPass of(SnrRule rule, double alpha, double epsilon) {
    return VECTOR_API
        ? new VectorSnrPass(rule, alpha, epsilon)
        : new ScalarSnrPass(rule, alpha, epsilon);
  }

  /** The diagnostic sums in their four fixed lanes; see the interface comment. */
  final class Lanes {
    final double[] factorSum = new double[4];
    int damped;
    /** The noise-scale sums of the chunk, in the same four lanes. */
    final NoiseScaleSums.Chunk noise = new NoiseScaleSums.Chunk();

    /** Adds element {@code j} with factor {@code factor}, mean {@code m} and variance {@code v}. */
    void add(int j, double factor, double m, double v) {
      noise.variance[j & 3] += v;
      noise.squared[j & 3] += m * m;
      factorSum[j & 3] += factor;
      if (factor < 1) {
        damped++;
      }
    }

    /** Adds the diagnostic sums of {@code other}, lane by lane. */
    void add(Lanes other) {
      for (int k = 0; k < 4; k++) {
        factorSum[k] += other.factorSum[k];
      }
      damped += other.damped;
    }

    /** The diagnostics of {@code n} elements from the lanes of their chunks, added in chunk order. */
    static LayerDiagnostics diagnostics(Lanes[] chunks, int n) {
      Lanes total = new Lanes();
      for (Lanes chunk : chunks) {
        total.add(chunk);
      }
      return total.diagnostics(n);
    }

    LayerDiagnostics diagnostics(int n) {
      double factors = (factorSum[0] + factorSum[1]) + (factorSum[2] + factorSum[3]);
      return new LayerDiagnostics(n, n == 0 ? 1 : Math.min(1, factors / n), n == 0 ? 0 : (double) damped / n);
    }
  }
}
