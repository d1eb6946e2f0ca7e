package dev.sngrad.autodiff.tensor;

import dev.sngrad.autodiff.linalg.CpuFeatures;

/**
 * Finds non-finite values (NaN, infinities), with the Vector API when the JVM has it: the checks of
 * a training step's passes over every parameter, which must cost little on clean data.
 */
public final class FiniteScan {
  private static final boolean VECTOR = CpuFeatures.vectorApi();

  private FiniteScan() {}

  /** The index of the first NaN or infinity in {@code a}, or -1 when every value is finite. */
  static int firstNonFinite(float[] a) {
    if (VECTOR && VectorFiniteScan.allFinite(a, 0, a.length)) {
      return -1;
    }
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * True when every value of {@code a[from, to)} is finite.
   *
   * @param a the values, not modified
   * @param from the first index scanned
   * @param to one past the last index scanned, in {@code [from, a.length]}
   * @return whether none of the scanned values is NaN or infinite (true for an empty range)
   */
  public static boolean allFinite(float[] a, int from, int to) {
    return VECTOR ? VectorFiniteScan.allFinite(a, from, to) : scalarAllFinite(a, from, to);
  }

  /** The scalar reference of {@link VectorFiniteScan#allFinite}, one value at a time. */
  static boolean scalarAllFinite(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(a[i])) {
        return false;
      }
    }
    return true;
  }
}
