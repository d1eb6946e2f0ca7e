package dev.sngrad.optim.snr;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link SnrPass} four elements at a time with the Vector API (loaded only when the JVM has
 * {@code jdk.incubator.vector}). The factor is {@link SnrRule#commonFactor} on {@link
 * VectorArithmetic}, the same source that {@link ScalarSnrPass} runs on one lane; a block of four
 * holding an element outside the common range (a NaN factor: an overflowing {@code alpha * sigma},
 * rule II's logarithms) or with unusable statistics is handed to {@link ScalarSnrPass}, element by
 * element, so both give identical bits.
 */
final class VectorSnrPass implements SnrPass {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> DOUBLES = VectorArithmetic.DOUBLES;
  private static final int LANES = 4;

  /** The rule and its parameters, and the path for the blocks this pass hands over. */
  private final ScalarSnrPass scalar;

  VectorSnrPass(SnrRule rule, double alpha, double epsilon) {
    this.scalar = new ScalarSnrPass(rule, alpha, epsilon);
  }

  /**
   * The loop must compile as one unit for the Vector API to keep vectors in registers: {@link
   * SnrRule#commonFactor} and the {@link VectorArithmetic} calls are small, and statically bound
   * here, so the JIT inlines them.
   */
  @Override
  public boolean apply(float[] u, float[] mu, float[] variance, float[] out, int from, int to, Lanes lanes) {
    SnrRule rule = scalar.rule();
    double alpha = scalar.alpha();
    double epsilon = scalar.epsilon();
    DoubleVector zero = DoubleVector.zero(DOUBLES);
    DoubleVector factorSum = DoubleVector.fromArray(DOUBLES, lanes.factorSum, 0);
    DoubleVector signalToNoiseSum = DoubleVector.fromArray(DOUBLES, lanes.signalToNoiseSum, 0);
    double[] blockFactors = new double[LANES];
    int body = to - (to - from) % LANES;
    for (int j = from; j < body; j += LANES) {
      DoubleVector m = (DoubleVector) FloatVector.fromArray(FLOATS, mu, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector v =
          (DoubleVector) FloatVector.fromArray(FLOATS, variance, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      boolean rare = !m.test(VectorOperators.IS_FINITE)
          .and(v.test(VectorOperators.IS_FINITE))
          .and(v.compare(VectorOperators.GE, 0.0))
          .allTrue();
      DoubleVector sigma = v.sqrt(); // once, for the factor and the diagnostics
      DoubleVector factor = rule.commonFactor(VectorArithmetic.INSTANCE, m, v, sigma, alpha, epsilon);
      rare |= factor.test(VectorOperators.IS_NAN).anyTrue();
      if (!rare) {
        DoubleVector adjusted =
            ((DoubleVector) FloatVector.fromArray(FLOATS, u, j).convertShape(VectorOperators.F2D, DOUBLES, 0)).mul(factor);
        ((FloatVector) adjusted.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, j);
      } else {
        for (int k = 0; k < LANES; k++) {
          blockFactors[k] = scalar.element(j + k, u, mu, variance, out);
          if (Double.isNaN(blockFactors[k])) {
            return false;
          }
        }
        factor = DoubleVector.fromArray(DOUBLES, blockFactors, 0);
      }
      factorSum = factorSum.add(factor);
      lanes.damped += factor.compare(VectorOperators.LT, 1.0).trueCount();
      VectorMask<Double> hasNoise = v.compare(VectorOperators.GT, 0.0);
      lanes.noisy += hasNoise.trueCount();
      signalToNoiseSum = signalToNoiseSum.add(m.abs().div(sigma).blend(zero, hasNoise.not()));
    }
    // lane k holds the body's elements j = k mod 4 in order; the tail follows, as in the reference
    factorSum.intoArray(lanes.factorSum, 0);
    signalToNoiseSum.intoArray(lanes.signalToNoiseSum, 0);
    return scalar.apply(u, mu, variance, out, body, to, lanes);
  }
}
