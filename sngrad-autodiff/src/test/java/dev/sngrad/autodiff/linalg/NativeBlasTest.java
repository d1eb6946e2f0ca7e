package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * When the native OpenBLAS kernel is there and when not. {@code MatMulKernelTest} checks its
 * products against EJML whenever it is available; CI sets {@code SNGRAD_EXPECT_OPENBLAS=1} after
 * installing OpenBLAS on JDK 25, so that coverage cannot quietly disappear.
 */
class NativeBlasTest {
  @Test
  void statusSaysWhyTheKernelIsMissingOrWhichLibraryItLoaded() {
    if (Runtime.version().feature() < 22) {
      assertThat(NativeBlas.available()).isFalse();
      assertThat(NativeBlas.status()).startsWith("unavailable: needs JDK 22 or newer");
      assertThat(NativeBlas.kernel(2)).isEmpty();
    } else if (NativeBlas.available()) {
      assertThat(NativeBlas.status()).startsWith("available: ").contains("openblas");
      assertThat(NativeBlas.kernel(2)).get().hasToString("openblas(2 threads)");
    } else {
      assertThat(NativeBlas.status()).startsWith("unavailable: ");
      assertThat(NativeBlas.kernel(2)).isEmpty();
    }
  }

  @Test
  void ciRunsTheNativeKernelWhereItInstalledOpenBlas() {
    boolean expected = "1".equals(System.getenv("SNGRAD_EXPECT_OPENBLAS")) && Runtime.version().feature() >= 22;
    if (expected) {
      assertThat(NativeBlas.status()).startsWith("available: ");
    } else {
      // elsewhere either outcome is allowed, but it must name the library or the reason
      assertThat(NativeBlas.status()).matches("(available|unavailable): .+");
    }
  }

  @Test
  void kernelsAreSharedPerThreadCountWhichMustBePositive() {
    assertThat(NativeBlas.kernel(1).orElse(null)).isSameAs(NativeBlas.kernel(1).orElse(null));
    assertThatThrownBy(() -> NativeBlas.kernel(0)).hasMessage("threads must be >= 1, got 0");
  }

  @Test
  void theSameProductTwiceGivesTheSameBitsAndThreadCountsCanBeMixed() {
    if (!NativeBlas.available()) {
      assertThat(NativeBlas.kernel(1)).isEmpty();
      return;
    }
    int m = 300, n = 200, k = 500;
    SplittableRandom rng = new SplittableRandom(3);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rng.nextDouble(-1, 1);
    }
    MatMulKernel one = NativeBlas.kernel(1).orElseThrow();
    MatMulKernel two = NativeBlas.kernel(2).orElseThrow();
    float[] first = new float[m * n];
    float[] again = new float[m * n];
    float[] onTwo = new float[m * n];
    one.multiply(a, false, b, false, first, m, n, k);
    two.multiply(a, false, b, false, onTwo, m, n, k);
    one.multiply(a, false, b, false, again, m, n, k);
    assertThat(again).isEqualTo(first);
    float[] reference = new float[m * n];
    MatMulKernel.scalar(1).multiply(a, false, b, false, reference, m, n, k);
    for (int i = 0; i < reference.length; i++) {
      assertThat(onTwo[i]).isCloseTo(reference[i], org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void shortArraysFailBeforeReachingNativeCode() {
    if (!NativeBlas.available()) {
      assertThat(NativeBlas.kernel(1)).isEmpty();
      return;
    }
    MatMulKernel kernel = NativeBlas.kernel(1).orElseThrow();
    assertThatThrownBy(() -> kernel.multiply(new float[5], false, new float[6], false, new float[4], 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a has 5 values, needs 2 x 3");
  }
}
