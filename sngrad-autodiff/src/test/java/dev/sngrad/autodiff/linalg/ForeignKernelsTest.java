package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForeignKernelsTest {
  /** sngrad-openblas's in-place kernel is tested there, on the library it bundles. */
  @Test
  void anInPlaceKernelOnALibraryThatCannotBeLoadedSaysWhy() {
    String missing = "/nonexistent/libopenblas.so.0";
    if (Runtime.version().feature() < 22) {
      assertThatThrownBy(() -> ForeignKernels.inPlaceKernel(missing, "banded"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("needs JDK 22 or newer, this is ");
    } else {
      assertThatThrownBy(() -> ForeignKernels.inPlaceKernel(missing, "banded"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no OpenBLAS library found (tried " + missing + ")");
    }
  }
}
