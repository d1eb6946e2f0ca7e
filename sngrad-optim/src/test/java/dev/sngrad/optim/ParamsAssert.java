package dev.sngrad.optim;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on {@link Params}: {@code assertThat(p).isCloseTo(expected, 1e-6)}. */
public final class ParamsAssert extends AbstractAssert<ParamsAssert, Params> {
  private ParamsAssert(Params actual) {
    super(actual, ParamsAssert.class);
  }

  public static ParamsAssert assertThatParams(Params actual) {
    return new ParamsAssert(actual);
  }

  /** Same names and shapes, and every element within {@code tolerance} (absolute). */
  public ParamsAssert isCloseTo(Params expected, double tolerance) {
    isNotNull();
    if (!actual.asMap().keySet().equals(expected.asMap().keySet())) {
      failWithMessage("expected names %s but were %s", expected.asMap().keySet(), actual.asMap().keySet());
    }
    for (Map.Entry<String, Tensor> e : expected.asMap().entrySet()) {
      Tensor a = actual.get(e.getKey());
      Tensor x = e.getValue();
      if (!a.shape().equals(x.shape())) {
        failWithMessage("'%s': expected shape %s but was %s", e.getKey(), x.shape(), a.shape());
      }
      for (int i = 0; i < a.size(); i++) {
        if (!(Math.abs(a.getFlat(i) - (double) x.getFlat(i)) <= tolerance)) {
          failWithMessage(
              "'%s' element %s: expected %s but was %s (tolerance %s)", e.getKey(), i, x.getFlat(i), a.getFlat(i),
              tolerance);
        }
      }
    }
    return this;
  }

  /** Every element finite. */
  public ParamsAssert isFinite() {
    isNotNull();
    if (!actual.isFinite()) {
      failWithMessage("expected finite params but got %s", actual.asMap());
    }
    return this;
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
