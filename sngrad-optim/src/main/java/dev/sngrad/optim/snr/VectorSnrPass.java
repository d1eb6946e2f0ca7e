package dev.sngrad.optim.snr;

import dev.sngrad.autodiff.internal.PassLanes;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link SnrPass} {@link PassLanes#LANES} (4 or 8) elements at a time with the Vector API
 * (loaded only when the JVM has {@code jdk.incubator.vector}). Each rule's ordinary range is
 * written here and in {@link SnrRule#uncheckedFactor} from the rule's one definition ({@code
 * RuleDefinitions} in the test sources; {@code GeneratedRulesTest} checks that both are what it
 * writes), with the same IEEE operations in the same order; a vector holding an element outside
 * it (an overflowing {@code alpha * sigma}, rule II's logarithms, unusable statistics) is handed
 * to {@link ScalarSnrPass}, element by element, so both give identical bits. The diagnostic sums stay in
 * the reference's four lanes: each vector is added to them four lanes at a time, lowest first.
 */
final class VectorSnrPass implements SnrPass {
  private static final VectorSpecies<Float> FLOATS = PassLanes.FLOATS;
  private static final VectorSpecies<Double> DOUBLES = PassLanes.DOUBLES;
  private static final int LANES = PassLanes.LANES;
  private static final VectorSpecies<Double> FOUR = PassLanes.FOUR_DOUBLES;
  private static final int FOURS = PassLanes.FOURS;

  /** The rule and its parameters, and the path for the blocks this pass hands over. */
  private final ScalarSnrPass scalar;

  VectorSnrPass(SnrRule rule, double alpha, double epsilon) {
    this.scalar = new ScalarSnrPass(rule, alpha, epsilon);
  }

  /**
   * The rules are written out in the loop rather than called: the Vector API keeps vectors in
   * registers only when the JIT compiles the loop as one unit, and it does not inline helper
   * methods that it compiled on their own first. A rule run through an interface of lane operations
   * (one boxed double or four lanes) is such a helper: the JIT left the rules it had not met yet as
   * calls that box every vector. So each rule's case is generated from its definition instead.
   */
  @Override
  public boolean apply(float[] u, float[] mu, float[] variance, float[] out, int from, int to, Lanes lanes) {
    SnrRule rule = scalar.rule();
    double alpha = scalar.alpha();
    double epsilon = scalar.epsilon();
    DoubleVector zero = DoubleVector.zero(DOUBLES);
    DoubleVector one = DoubleVector.broadcast(DOUBLES, 1.0);
    VectorMask<Double> none = DOUBLES.maskAll(false);
    DoubleVector factorSum = DoubleVector.fromArray(FOUR, lanes.factorSum, 0);
    DoubleVector noiseVariance = DoubleVector.fromArray(FOUR, lanes.noise.variance, 0);
    DoubleVector noiseSquared = DoubleVector.fromArray(FOUR, lanes.noise.squared, 0);
    double[] blockFactors = null; // only for blocks with rare elements
    // Where the current run of unit-factor vectors began (copied to out in one call when it ends),
    // or -1: a copy per vector cost a call per 4 or 8 elements.
    int unitRun = -1;
    int body = to - (to - from) % LANES;
    for (int j = from; j < body; j += LANES) {
      DoubleVector m = (DoubleVector) FloatVector.fromArray(FLOATS, mu, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector v =
          (DoubleVector) FloatVector.fromArray(FLOATS, variance, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      boolean rare = !m.test(VectorOperators.IS_FINITE)
          .and(v.test(VectorOperators.IS_FINITE))
          .and(v.compare(VectorOperators.GE, 0.0))
          .allTrue();
      DoubleVector factor;
      boolean unit = false; // every lane's factor is exactly 1
      switch (rule) {
        case I -> {
          // Generated from RuleDefinitions.of(SnrRule.I) by GeneratedRulesTest (test sources); edit it there.
          VectorMask<Double> undamped = epsilon < 1.0
              ? v.compare(VectorOperators.LT, 0.98 * (1.0 - epsilon) * (1.0 - epsilon) / (alpha * alpha))
              : none;
          if (undamped.allTrue()) {
            factor = one;
            unit = true;
          } else {
            DoubleVector sigma = v.sqrt();
            DoubleVector denominator = sigma.mul(alpha).add(epsilon);
            rare |= !denominator.compare(VectorOperators.LT, Double.POSITIVE_INFINITY).allTrue();
            factor = one.div(denominator).blend(one, denominator.compare(VectorOperators.LE, 1.0));
          }
          // End of generated code.
        }
        case II -> {
          // Generated from RuleDefinitions.of(SnrRule.II) by GeneratedRulesTest (test sources); edit it there.
          VectorMask<Double> noNoise = epsilon == 0.0 ? v.compare(VectorOperators.EQ, 0.0) : none;
          VectorMask<Double> meanZero = m.compare(VectorOperators.EQ, 0.0);
          DoubleVector squared = m.mul(m);
          DoubleVector scaled = v.mul(alpha);
          DoubleVector denominator = scaled.add(epsilon);
          if (!(alpha >= 0x1p-873 && alpha <= 0x1p800)) { // else floats are never rare
            VectorMask<Double> representable = squared.compare(VectorOperators.GE, Double.MIN_NORMAL)
                .and(squared.compare(VectorOperators.LT, Double.POSITIVE_INFINITY))
                .and(v.compare(VectorOperators.EQ, 0.0).or(scaled.compare(VectorOperators.GE, Double.MIN_NORMAL)))
                .and(denominator.compare(VectorOperators.LT, Double.POSITIVE_INFINITY));
            rare |= !representable.or(noNoise).or(meanZero).allTrue();
          }
          factor = squared.div(denominator)
              .blend(one, squared.compare(VectorOperators.GE, denominator))
              .blend(zero, meanZero)
              .blend(one, noNoise);
          // End of generated code.
        }
        case III -> {
          // Generated from RuleDefinitions.of(SnrRule.III) by GeneratedRulesTest (test sources); edit it there.
          DoubleVector sigma = v.sqrt();
          DoubleVector scaled = sigma.mul(alpha);
          factor = one.sub(scaled).blend(zero, scaled.compare(VectorOperators.GE, 1.0));
          // End of generated code.
        }
        default -> throw new AssertionError(rule);
      }
      // Fewer vector operations where the bits allow (4-7 % of the pass, docs/benchmarks.md): a
      // factor of exactly 1 leaves every finite u as it is ((float) (u * 1.0) == u), and when the
      // update is the mean itself (the rule's usual place, first in the chain) m is u in double.
      if (!rare && unit) {
        // A copy, not a vector load and store: inside training steps JDK 17's C2 left that store
        // to the Vector API's Java fallback (its intrinsic failed), 1.66 ms of CPU per step at B =
        // 128 against JDK 25's 0.24 for the whole loop (docs/benchmarks.md).
        if (unitRun < 0 && out != u) {
          unitRun = j;
        }
      } else if (!rare) {
        unitRun = copyRun(u, out, unitRun, j);
        if (u == mu) {
          ((FloatVector) m.mul(factor).convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, j);
        } else {
          DoubleVector adjusted =
              ((DoubleVector) FloatVector.fromArray(FLOATS, u, j).convertShape(VectorOperators.F2D, DOUBLES, 0)).mul(factor);
          ((FloatVector) adjusted.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, j);
        }
      } else {
        unitRun = copyRun(u, out, unitRun, j);
        blockFactors = blockFactors == null ? new double[LANES] : blockFactors;
        for (int k = 0; k < LANES; k++) {
          blockFactors[k] = scalar.element(j + k, u, mu, variance, out);
          if (Double.isNaN(blockFactors[k])) {
            return false;
          }
        }
        factor = DoubleVector.fromArray(DOUBLES, blockFactors, 0);
      }
      if (!unit) {
        lanes.damped += factor.compare(VectorOperators.LT, 1.0).trueCount();
      }
      DoubleVector meanSquared = m.mul(m);
      if (FOURS == 1) { // four lanes, JDK 17's width: each vector as it is, no reinterpretation
        factorSum = factorSum.add(factor);
        noiseVariance = noiseVariance.add(v);
        noiseSquared = noiseSquared.add(meanSquared);
      } else {
        for (int part = 0; part < FOURS; part++) { // element j + 4 part + k to lane k, in order
          factorSum = factorSum.add(factor.reinterpretShape(FOUR, part));
          noiseVariance = noiseVariance.add(v.reinterpretShape(FOUR, part));
          noiseSquared = noiseSquared.add(meanSquared.reinterpretShape(FOUR, part));
        }
      }
    }
    copyRun(u, out, unitRun, body);
    // lane k holds the body's elements j = k mod 4 in order; the tail follows, as in the reference
    factorSum.intoArray(lanes.factorSum, 0);
    noiseVariance.intoArray(lanes.noise.variance, 0);
    noiseSquared.intoArray(lanes.noise.squared, 0);
    return scalar.apply(u, mu, variance, out, body, to, lanes);
  }

  /** Copies {@code u[run, end)} to {@code out} unless {@code run} is -1; returns -1. */
  private static int copyRun(float[] u, float[] out, int run, int end) {
    if (run >= 0) {
      System.arraycopy(u, run, out, run, end - run);
    }
    return -1;
  }
}
