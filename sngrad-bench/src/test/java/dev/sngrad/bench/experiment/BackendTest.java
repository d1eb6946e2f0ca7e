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
    assertThat(Backend.JAVA.kernel(2)).isSameAs(MatMulKernel.parallel(2));
  }

  @Test
  void openBlasWhereItIsMissingSaysWhy() {
    if (NativeBlas.available()) {
      assertThat(Backend.parse("openblas")).isEqualTo(Backend.OPENBLAS);
      assertThat(Backend.OPENBLAS.kernel(1)).hasToString("openblas(1 threads)");
    } else {
      assertThatThrownBy(() -> Backend.parse("openblas"))
          .hasMessageStartingWith("kernel openblas is unavailable: ");
      assertThatThrownBy(() -> Backend.OPENBLAS.kernel(1)).hasMessageContaining(NativeBlas.status());
    }
  }

  @Test
  void unknownNamesListTheChoices() {
    assertThatThrownBy(() -> Backend.parse("cuda")).hasMessage("unknown kernel 'cuda'; choose auto, java or openblas");
  }
}
