package dev.sngrad.autodiff.op;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Relu}'s loops on the Vector API (loaded only when the JVM has {@code
 * jdk.incubator.vector}): whole vectors only; each returns where the caller's scalar loop takes
 * over.
 */
final class VectorRelu {
  /**
   * 256 bits, the species of the matrix kernel, not {@code SPECIES_PREFERRED}: on a 512-bit machine
   * a second float shape makes the type profiles of {@code FloatVector}'s shared methods
   * bimorphic, and C2 then boxes the kernel's accumulators on every block (about 49 MB per example
   * of a cnn-small training step; docs/benchmarks.md).
   */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

  private VectorRelu() {}

  /** {@code y = x > 0 ? x : 0}. */
  static int forward(float[] x, float[] y) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int end = SPECIES.loopBound(x.length);
    for (int i = 0; i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
    }
    return end;
  }

  /** {@code g = x > 0 ? c : 0}. */
  static int vjp(float[] x, float[] c, float[] g) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int end = SPECIES.loopBound(x.length);
    for (int i = 0; i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      zero.blend(FloatVector.fromArray(SPECIES, c, i), v.compare(VectorOperators.GT, 0f)).intoArray(g, i);
    }
    return end;
  }
}
