package dev.sngrad.autodiff.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParamsTest {
  private static final Params P = Params.builder()
      .put("dense1/weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2))
      .put("dense1/bias", Tensor.vector(5, 6))
      .build();

  @Test
  void keepsInsertionOrderAndMapsTreeStyle() {
    assertThat(P.asMap().keySet()).containsExactly("dense1/weight", "dense1/bias");
    Params doubled = P.plus(P);
    assertThat(doubled.get("dense1/bias")).isEqualTo(Tensor.vector(10, 12));
    assertThat(P.zerosLike().get("dense1/weight")).isEqualTo(Tensor.zeros(2, 2));
    assertThat(P.totalSize()).isEqualTo(6);
    assertThat(P.map(t -> t.reshape(t.size())).get("dense1/weight").shape()).isEqualTo(Shape.of(4));
  }

  @Test
  void binaryOperationsCheckNamesAndShapes() {
    Params other = Params.builder().put("dense1/weight", Tensor.zeros(2, 2)).put("dense1/bias", Tensor.zeros(3)).build();
    assertThatThrownBy(() -> P.plus(other)).hasMessageContaining("dense1/bias").hasMessageContaining("[2]").hasMessageContaining("[3]");
    Params fewer = Params.builder().put("dense1/weight", Tensor.zeros(2, 2)).build();
    assertThatThrownBy(() -> P.plus(fewer)).hasMessageContaining("names");
    assertThatThrownBy(() -> P.get("dense2/weight")).hasMessageContaining("dense2/weight").hasMessageContaining("dense1/bias");
    assertThatThrownBy(() -> Params.builder().put("a", Tensor.zeros(1)).put("a", Tensor.zeros(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
