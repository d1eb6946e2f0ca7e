package dev.sngrad.autodiff.op;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BiasAdd}'s per-example moments on the Vector API (loaded only when {@code
 * CpuFeatures.vectorReductions()} says so): the column sums of a {@code [rows, n]} cotangent and
 * of its squares, whole vectors of columns only, each column's sums held in a register over all
 * rows. The same float additions and products in the same order as the scalar loop, lane by lane,
 * so the same bits; it returns the first column left to that loop.
 */
final class VectorBiasMoments {
  /** The matrix kernel's species, as in {@link VectorRelu} (why: see there). */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
  private static final int LANES = SPECIES.length();

  private VectorBiasMoments() {}

  /**
   * Adds the column sums of {@code c} to {@code sum} and those of its squares to {@code sumOfSquares}
   * for the columns {@code [0, end)}, row by row; returns {@code end}, the largest whole number of
   * vectors in {@code n}.
   */
  static int columnSums(float[] c, int rows, int n, float[] sum, float[] sumOfSquares) {
    int end = SPECIES.loopBound(n);
    int j = 0;
    // Four vectors of columns at a time: eight independent chains of additions, enough to hide
    // the adder's latency; one vector at a time for the rest.
    for (; j + 4 * LANES <= end; j += 4 * LANES) {
      FloatVector s0 = FloatVector.fromArray(SPECIES, sum, j);
      FloatVector s1 = FloatVector.fromArray(SPECIES, sum, j + LANES);
      FloatVector s2 = FloatVector.fromArray(SPECIES, sum, j + 2 * LANES);
      FloatVector s3 = FloatVector.fromArray(SPECIES, sum, j + 3 * LANES);
      FloatVector q0 = FloatVector.fromArray(SPECIES, sumOfSquares, j);
      FloatVector q1 = FloatVector.fromArray(SPECIES, sumOfSquares, j + LANES);
      FloatVector q2 = FloatVector.fromArray(SPECIES, sumOfSquares, j + 2 * LANES);
      FloatVector q3 = FloatVector.fromArray(SPECIES, sumOfSquares, j + 3 * LANES);
      for (int r = 0, at = j; r < rows; r++, at += n) {
        FloatVector v0 = FloatVector.fromArray(SPECIES, c, at);
        FloatVector v1 = FloatVector.fromArray(SPECIES, c, at + LANES);
        FloatVector v2 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
        FloatVector v3 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
        s0 = s0.add(v0);
        s1 = s1.add(v1);
        s2 = s2.add(v2);
        s3 = s3.add(v3);
        q0 = q0.add(v0.mul(v0));
        q1 = q1.add(v1.mul(v1));
        q2 = q2.add(v2.mul(v2));
        q3 = q3.add(v3.mul(v3));
      }
      s0.intoArray(sum, j);
      s1.intoArray(sum, j + LANES);
      s2.intoArray(sum, j + 2 * LANES);
      s3.intoArray(sum, j + 3 * LANES);
      q0.intoArray(sumOfSquares, j);
      q1.intoArray(sumOfSquares, j + LANES);
      q2.intoArray(sumOfSquares, j + 2 * LANES);
      q3.intoArray(sumOfSquares, j + 3 * LANES);
    }
    for (; j < end; j += LANES) {
      FloatVector s = FloatVector.fromArray(SPECIES, sum, j);
      FloatVector q = FloatVector.fromArray(SPECIES, sumOfSquares, j);
      for (int r = 0, at = j; r < rows; r++, at += n) {
        FloatVector v = FloatVector.fromArray(SPECIES, c, at);
        s = s.add(v);
        q = q.add(v.mul(v));
      }
      s.intoArray(sum, j);
      q.intoArray(sumOfSquares, j);
    }
    return end;
  }
}
