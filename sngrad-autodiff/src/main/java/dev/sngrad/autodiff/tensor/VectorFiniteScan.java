package dev.sngrad.autodiff.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FiniteScan}'s vector pass (loaded only when the JVM has {@code jdk.incubator.vector}). */
final class VectorFiniteScan {
  /** 256 bits, the matrix kernel's species, for the reason given in {@code VectorRelu}. */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

  private VectorFiniteScan() {}

  /**
   * True when every value of {@code a[from, to)} is finite: the lanewise maximum of {@code |a_i|}
   * stays at most {@code Float.MAX_VALUE}, since an infinity exceeds it and a NaN makes the maximum
   * NaN.
   */
  static boolean allFinite(float[] a, int from, int to) {
    FloatVector largest = FloatVector.zero(SPECIES);
    int body = from + SPECIES.loopBound(to - from);
    for (int i = from; i < body; i += SPECIES.length()) {
      largest = largest.max(FloatVector.fromArray(SPECIES, a, i).abs());
    }
    if (!largest.compare(VectorOperators.LE, Float.MAX_VALUE).allTrue()) {
      return false;
    }
    return FiniteScan.scalarAllFinite(a, body, to);
  }
}
