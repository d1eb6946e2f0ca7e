package dev.sngrad.optim;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.testkit.SngradAssertions;

/** The tests' entry to sngrad-testkit's {@code Params} assertions, and two fixtures. */
public final class ParamsAssert {
  private ParamsAssert() {}

  /** {@code assertThatParams(p).isCloseTo(expected, 1e-6)}: sngrad-testkit's assertions on {@code actual}. */
  public static dev.sngrad.testkit.ParamsAssert assertThatParams(Params actual) {
    return SngradAssertions.assertThat(actual);
  }

  /** A deep copy, sharing no arrays with {@code params}: to check later that it was not modified. */
  public static Params deepCopy(Params params) {
    return params.map(t -> Tensor.of(t.shape(), t.toArray()));
  }

  /** {@code Params} with one tensor {@code name -> values} of shape {@code [values.length]}. */
  public static Params vector(String name, float... values) {
    return Params.builder().put(name, Tensor.vector(values)).build();
  }
}
