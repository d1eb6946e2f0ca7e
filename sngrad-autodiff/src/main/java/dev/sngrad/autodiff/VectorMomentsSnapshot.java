package dev.sngrad.autodiff;

import dev.sngrad.autodiff.internal.PassLanes;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GradientStatsAccumulator}'s one-pass snapshot of a single batch of moments, {@link
 * PassLanes#LANES} (4 or 8) elements at a time (loaded only when the JVM has {@code
 * jdk.incubator.vector}). The same IEEE operations in the same order as the scalar loop, lane by
 * lane, so the same bits; the tail is left to the caller's scalar loop.
 */
final class VectorMomentsSnapshot {
  private static final VectorSpecies<Float> FLOATS = PassLanes.FLOATS;
  private static final VectorSpecies<Double> DOUBLES = PassLanes.DOUBLES;
  private static final int LANES = PassLanes.LANES;

  private VectorMomentsSnapshot() {}

  /**
   * Fills {@code m} and {@code v} for the elements {@code [from, end)}, where {@code end <= to} is
   * a whole number of vectors from {@code from}, element {@code j} at {@code j - shift}; returns
   * {@code end}.
   */
  static int fill(int n, float[] s, float[] q, float[] m, float[] v, int from, int to, int shift) {
    int end = to - (to - from) % LANES;
    // as in the scalar loop: multiplications by 1/n instead of divisions for a power-of-two n
    boolean exact = GradientStatsAccumulator.isPowerOfTwo(n);
    double inverse = 1.0 / n;
    double relativeBound = (4.0 * n + 4.0) * GradientStatsAccumulator.FLOAT_UNIT_ROUNDOFF;
    double count = n;
    DoubleVector zero = DoubleVector.zero(DOUBLES);
    for (int j = from; j < end; j += LANES) {
      DoubleVector sj = (DoubleVector) FloatVector.fromArray(FLOATS, s, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector qj = (DoubleVector) FloatVector.fromArray(FLOATS, q, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector meanB = exact ? sj.mul(inverse) : sj.div(count);
      DoubleVector square = sj.mul(sj);
      DoubleVector m2B = n == 1 ? zero : zero.max(qj.sub(exact ? square.mul(inverse) : square.div(count)));
      // The scalar loop's additions of 0 and its term of the empty earlier batch, left out where they
      // cannot change a bit (fewer operations in the training step's pass): delta = meanB - 0.0 is
      // meanB, -0.0 included; m2 = 0.0 + (m2B + delta * delta * 0.0) is m2B + (delta - delta), since
      // m2B is never -0.0 (max with +0.0) and both added terms are +0.0 for a finite delta and NaN
      // otherwise; and 0.0 + roundingBound only turns -0.0 into +0.0, which compare alike.
      DoubleVector delta = meanB;
      DoubleVector mean = zero.add(exact ? delta : delta.mul(count).div(count));
      DoubleVector m2 = m2B.add(delta.sub(delta));
      DoubleVector roundingBound = qj.mul(relativeBound);
      ((FloatVector) mean.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(m, j - shift);
      // Zeroed before the conversion, which gives the same bits as zeroing after it, without a
      // mask cast: JDK 17 runs mask casts in the Vector API's Java fallback, which allocates.
      DoubleVector variance = (exact ? m2.mul(inverse) : m2.div(count))
          .blend(0.0, m2.compare(VectorOperators.LE, roundingBound));
      ((FloatVector) variance.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(v, j - shift);
    }
    return end;
  }
}
