package dev.sngrad.optim.transform;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScaleByLearningRate}'s loop {@code out[j] = (float) (factor * in[j])} four elements at a
 * time with the Vector API (loaded only when {@code CpuFeatures.vectorApi()}): the same widening,
 * double product and rounding to float, lane by lane, so the same bits. JDK 25's C2 vectorizes
 * the scalar loop by itself (it never showed in that JDK's stack profiles of SGD's step); JDK 17's
 * does not vectorize conversions between float and double, and there the scalar loop over every
 * parameter took the largest share of the step's samples after the products and the thread
 * hand-offs; this loop took SGD's step (MLP 784-512-512-10, B = 128, bundled OpenBLAS) from
 * 7.0-7.7 to 4.7-5.4 ms (fastest samples, loaded machine).
 */
final class VectorScale {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;

  private VectorScale() {}

  /**
   * Writes {@code out[j] = (float) (factor * in[j])} for {@code j} below the last multiple of 4 up
   * to {@code length}, and returns that bound; the caller's scalar loop does the rest.
   */
  static int scale(double factor, float[] in, float[] out, int length) {
    DoubleVector f = DoubleVector.broadcast(DOUBLES, factor);
    int end = length - length % FLOATS.length();
    for (int j = 0; j < end; j += FLOATS.length()) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, in, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
      ((FloatVector) f.mul(x).convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, j);
    }
    return end;
  }
}
