package dev.sngrad.testkit;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The assertions pass what they should, and their failures name shapes and the worst element. */
class SngradAssertionsTest {
  private static final Tensor EXPECTED = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

  private static Tensor with(int flat, float value) {
    float[] v = EXPECTED.toArray();
    v[flat] = value;
    return Tensor.of(EXPECTED.shape(), v);
  }

  @Test
  void closenessIsAbsolutePlusRelativeToTheExpectedElement() {
    // element [1, 2] is 6: 6.05 is within 0.01 + 0.01 * 6 = 0.07, 6.1 is not
    assertThatCode(() -> assertThat(with(5, 6.05f)).isCloseTo(EXPECTED, 0.01, 0.01)).doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(with(5, 6.1f)).isCloseTo(EXPECTED, 0.01, 0.01))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 of 6 elements of shape [2, 3]")
        .hasMessageContaining("element [1, 2] (flat 5)")
        .hasMessageContaining("6.1")
        .hasMessageContaining("6.0");
  }

  @Test
  void theWorstOfSeveralElementsIsNamed() {
    float[] v = EXPECTED.toArray();
    v[1] += 0.5f;
    v[4] += 2f;
    assertThatThrownBy(() -> assertThat(Tensor.of(EXPECTED.shape(), v)).as("logits").isCloseTo(EXPECTED, 0.1))
        .hasMessageContaining("[logits]")
        .hasMessageContaining("2 of 6 elements")
        .hasMessageContaining("element [1, 1] (flat 4)");
  }

  @Test
  void nanIsNeverCloseAndEqualInfinitiesAre() {
    assertThatThrownBy(() -> assertThat(with(0, Float.NaN)).isCloseTo(EXPECTED, 1e9))
        .hasMessageContaining("element [0, 0]");
    Tensor inf = with(2, Float.POSITIVE_INFINITY);
    assertThatCode(() -> assertThat(inf).isCloseTo(inf, 0)).doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(inf).isFinite()).hasMessageContaining("element [0, 2]").hasMessageContaining("Infinity");
  }

  @Test
  void shapesMustAgree() {
    assertThatThrownBy(() -> assertThat(EXPECTED).isCloseTo(EXPECTED.reshape(3, 2), 1))
        .hasMessageContaining("expected shape [3, 2] but was [2, 3]");
    assertThatThrownBy(() -> assertThat(EXPECTED).hasShape(6)).hasMessageContaining("[6]");
  }

  @Test
  void normwiseRelativeErrorIsAWholeTensorMeasure() {
    // ||d|| / ||e|| = 0.091 / sqrt(91) ~ 0.0095
    Tensor off = with(5, 6.091f);
    assertThatCode(() -> assertThat(off).hasRelativeErrorAtMost(EXPECTED, 0.01)).doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(off).hasRelativeErrorAtMost(EXPECTED, 0.009))
        .hasMessageContaining("normwise relative error")
        .hasMessageContaining("shape [2, 3]")
        .hasMessageContaining("element [1, 2]");
  }

  @Test
  void bitIdentityDistinguishesSignedZeros() {
    Tensor zero = Tensor.vector(0f);
    assertThatCode(() -> assertThat(zero).isCloseTo(Tensor.vector(-0f), 0)).doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(zero).isBitIdenticalTo(Tensor.vector(-0f))).hasMessageContaining("bit for bit");
  }

  @Test
  void paramsFailuresNameTheParameter() {
    Params expected = Params.builder().put("dense1/weight", EXPECTED).put("dense1/bias", Tensor.vector(1, 2, 3)).build();
    Params actual = Params.builder().put("dense1/weight", EXPECTED).put("dense1/bias", Tensor.vector(1, 2, 3.5f)).build();
    assertThatCode(() -> assertThat(actual).isCloseTo(expected, 0.5)).doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(actual).isCloseTo(expected, 0.1))
        .hasMessageContaining("'dense1/bias'")
        .hasMessageContaining("element [2] (flat 2)");
    assertThatThrownBy(() -> assertThat(actual).hasRelativeErrorAtMost(expected, 1e-3))
        .hasMessageContaining("'dense1/bias'");
    Params reshaped = Params.builder().put("dense1/weight", EXPECTED.reshape(Shape.of(6)))
        .put("dense1/bias", Tensor.vector(1, 2, 3)).build();
    assertThatThrownBy(() -> assertThat(reshaped).isCloseTo(expected, 1))
        .hasMessageContaining("'dense1/weight': expected shape [2, 3] but was [6]");
    Params renamed = Params.builder().put("w", EXPECTED).build();
    assertThatThrownBy(() -> assertThat(renamed).isCloseTo(expected, 1)).hasMessageContaining("expected names");
    Params nan = Params.builder().put("w", with(3, Float.NaN)).build();
    assertThatThrownBy(() -> assertThat(nan).isFinite()).hasMessageContaining("'w': element [1, 0]");
  }
}
