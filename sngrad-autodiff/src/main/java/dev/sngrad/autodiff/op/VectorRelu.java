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
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

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
