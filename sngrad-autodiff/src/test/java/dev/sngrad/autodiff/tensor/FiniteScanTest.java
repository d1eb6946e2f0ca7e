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

  @Test
  void theVectorScanAgreesWithTheScalarDefinition() {
    // FiniteScan takes the vector scan only where CpuFeatures says so; this covers it on every JDK
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -0f, Float.MIN_VALUE};
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    for (int trial = 0; trial < 2000; trial++) {
      float[] a = new float[rng.nextInt(40)];
      for (int i = 0; i < a.length; i++) {
        a[i] = rng.nextInt(30) == 0 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
      }
      int from = rng.nextInt(a.length + 1);
      int to = from + rng.nextInt(a.length - from + 1);
      boolean expected = true;
      for (int i = from; i < to; i++) {
        expected &= Float.isFinite(a[i]);
      }
      assertThat(VectorFiniteScan.allFinite(a, from, to)).as("trial %s [%s, %s)", trial, from, to).isEqualTo(expected);
      assertThat(FiniteScan.allFinite(a, from, to)).as("trial %s [%s, %s)", trial, from, to).isEqualTo(expected);
    }
  }
}
