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
      assertThat(NativeBlas.kernel()).isEmpty();
    } else if (NativeBlas.available()) {
      assertThat(NativeBlas.status()).startsWith("available: ").contains("openblas");
      assertThat(NativeBlas.kernel()).get().hasToString("openblas");
    } else {
      assertThat(NativeBlas.status()).startsWith("unavailable: ");
      assertThat(NativeBlas.kernel()).isEmpty();
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
  void theKernelIsShared() {
    assertThat(NativeBlas.kernel().orElse(null)).isSameAs(NativeBlas.kernel().orElse(null));
  }

  @Test
  void theSameProductTwiceGivesTheSameBitsAndThreadCountsCanBeMixed() {
    if (!NativeBlas.available()) {
      assertThat(NativeBlas.kernel()).isEmpty();
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
    KernelOnThreads one = KernelOnThreads.on(NativeBlas.kernel().orElseThrow(), 1);
    KernelOnThreads two = KernelOnThreads.on(NativeBlas.kernel().orElseThrow(), 2);
    float[] first = new float[m * n];
    float[] again = new float[m * n];
    float[] onTwo = new float[m * n];
    one.multiply(a, false, b, false, first, m, n, k);
    two.multiply(a, false, b, false, onTwo, m, n, k);
    one.multiply(a, false, b, false, again, m, n, k);
    assertThat(again).isEqualTo(first);
    float[] reference = new float[m * n];
    KernelOnThreads.on(MatMulKernel.scalar(), 1).multiply(a, false, b, false, reference, m, n, k);
    for (int i = 0; i < reference.length; i++) {
      assertThat(onTwo[i]).isCloseTo(reference[i], org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void shortArraysFailBeforeReachingNativeCode() {
    if (!NativeBlas.available()) {
      assertThat(NativeBlas.kernel()).isEmpty();
      return;
    }
    KernelOnThreads kernel = KernelOnThreads.on(NativeBlas.kernel().orElseThrow(), 1);
    assertThatThrownBy(() -> kernel.multiply(new float[5], false, new float[6], false, new float[4], 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a has 5 values, needs 2 x 3");
  }
}
