package dev.sngrad.autodiff.tensor;

import dev.sngrad.autodiff.linalg.MatMulKernel;

/** Finds non-finite values; with the Vector API when the JVM has it, as a first pass over clean data. */
final class FiniteScan {
  private static final boolean VECTOR = MatMulKernel.vectorApiAvailable();

  private FiniteScan() {}

  /** The index of the first NaN or infinity in {@code a}, or -1 when every value is finite. */
  static int firstNonFinite(float[] a) {
    if (VECTOR && VectorFiniteScan.allFinite(a)) {
      return -1;
    }
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }
}
