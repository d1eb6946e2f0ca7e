package dev.sngrad.autodiff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Ops share arrays through {@link TensorArrays}; the tensor's public API copies. */
class TensorArraysTest {
  @Test
  void wrapTakesTheArrayAndDataReturnsIt() {
    float[] values = {1f, 2f, 3f, 4f, 5f, 6f};
    Tensor t = TensorArrays.wrap(Shape.of(2, 3), values);
    assertThat(t).isEqualTo(Tensor.of(Shape.of(2, 3), 1f, 2f, 3f, 4f, 5f, 6f));
    assertThat(TensorArrays.data(t)).isSameAs(values);
    assertThat(t.toArray()).isEqualTo(values).isNotSameAs(values);
  }

  @Test
  void theTensorOffersNoArraySharingMethod() {
    for (Method m : Tensor.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        assertThat(m.getName()).as("public Tensor method").isNotIn("wrap", "rawData");
      }
    }
  }
}
