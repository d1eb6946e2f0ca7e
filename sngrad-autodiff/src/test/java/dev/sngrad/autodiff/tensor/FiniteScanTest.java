package dev.sngrad.autodiff.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiniteScanTest {
  @Test
  void aRangeIsFiniteUnlessItHoldsANaNOrAnInfinity() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at = 0; at < 37; at++) {
        float[] a = new float[37];
        java.util.Arrays.fill(a, -Float.MAX_VALUE);
        a[at] = bad;
        assertThat(FiniteScan.allFinite(a, 0, 37)).as("%s at %s", bad, at).isFalse();
        // a range that excludes it, in the vector body and in the tail
        assertThat(FiniteScan.allFinite(a, at + 1, 37)).as("after %s", at).isTrue();
        assertThat(FiniteScan.allFinite(a, 0, at)).as("before %s", at).isTrue();
        assertThat(FiniteScan.allFinite(a, at, at + 1)).isFalse();
      }
    }
    assertThat(FiniteScan.allFinite(new float[0], 0, 0)).isTrue();
  }
}
