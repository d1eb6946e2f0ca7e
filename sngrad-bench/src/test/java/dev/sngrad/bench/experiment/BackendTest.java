package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBlas;
import org.junit.jupiter.api.Test;

class BackendTest {
  @Test
  void autoIsOpenBlasExactlyWhereItIsAvailable() {
    assertThat(Backend.parse("auto")).isEqualTo(NativeBlas.available() ? Backend.OPENBLAS : Backend.JAVA);
    assertThat(Backend.parse(" Java ")).isEqualTo(Backend.JAVA);
    assertThat(Backend.JAVA.kernel()).isSameAs(MatMulKernel.defaultKernel());
  }

  @Test
  void openBlasWhereItIsMissingSaysWhy() {
    if (NativeBlas.available()) {
      assertThat(Backend.parse("openblas")).isEqualTo(Backend.OPENBLAS);
      assertThat(Backend.OPENBLAS.kernel().toString()).matches("openblas(-bundled(-inplace|-pinned)?)?");
      assertThat(Backend.OPENBLAS.describe(2))
          .isEqualTo(Backend.OPENBLAS.kernel() + "(2 threads)" + Backend.coreNote(System.getenv("OPENBLAS_CORETYPE")));
    } else {
      assertThatThrownBy(() -> Backend.parse("openblas"))
          .hasMessageStartingWith("kernel openblas is unavailable: ");
      assertThatThrownBy(() -> Backend.OPENBLAS.kernel()).hasMessageContaining(NativeBlas.status());
    }
  }

  @Test
  void theDescriptionSaysWhenTheEnvironmentChoseOpenBlasKernels() {
    assertThat(Backend.coreNote("Haswell")).isEqualTo(", processor kernels Haswell (OPENBLAS_CORETYPE)");
    assertThat(Backend.coreNote(null)).isEmpty();
    assertThat(Backend.coreNote(" ")).isEmpty();
    assertThat(Backend.JAVA.describe(1)).doesNotContain("processor kernels");
  }

  /**
   * CI names the kernel that {@code auto} must resolve to on its machine ({@code .ci/run} sets
   * {@code SNGRAD_EXPECT_KERNEL=openblas-bundled-pinned} on JDK 17 and {@code openblas-bundled-inplace}
   * on JDK 25), so that a silent fallback to another backend fails the build; elsewhere the
   * choice is only described.
   */
  @Test
  void autoResolvesToTheKernelCiExpectsAndSaysWhichItIs() {
    String description = Backend.parse("auto").describe(2);
    assertThat(description)
        .matches("(openblas(-bundled(-inplace|-pinned)?)?|vector|scalar)\\(2 threads\\)(, processor kernels \\S+ \\(OPENBLAS_CORETYPE\\))?");
    String expected = System.getenv("SNGRAD_EXPECT_KERNEL");
    if (expected != null && !expected.isBlank()) {
      assertThat(description).as("auto on this machine; NativeBlas says: %s", NativeBlas.status())
          .startsWith(expected.strip() + "(");
    }
  }

  @Test
  void unknownNamesListTheChoices() {
    assertThatThrownBy(() -> Backend.parse("cuda")).hasMessage("unknown kernel 'cuda'; choose auto, java or openblas");
  }
}
