package dev.sngrad.testkit;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;

/**
 * Entry point of the kit's AssertJ assertions; import its methods statically next to AssertJ's
 * {@code Assertions.assertThat}, the overloads do not clash.
 */
public final class SngradAssertions {
  private SngradAssertions() {}

  /**
   * Assertions on a tensor.
   *
   * @param actual the tensor under test; not modified
   * @return the assertion
   */
  public static TensorAssert assertThat(Tensor actual) {
    return new TensorAssert(actual);
  }

  /**
   * Assertions on named parameters (or gradients, or updates).
   *
   * @param actual the parameters under test; not modified
   * @return the assertion
   */
  public static ParamsAssert assertThat(Params actual) {
    return new ParamsAssert(actual);
  }
}
