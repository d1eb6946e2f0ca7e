package dev.sngrad.autodiff;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on tensors: {@code assertThat(t).hasShape(2, 3).isCloseTo(expected, 1e-6)}. */
public final class TensorAssert extends AbstractAssert<TensorAssert, Tensor> {
  private TensorAssert(Tensor actual) {
    super(actual, TensorAssert.class);
  }

  public static TensorAssert assertThat(Tensor actual) {
    return new TensorAssert(actual);
  }

  public TensorAssert hasShape(int... dims) {
    isNotNull();
    if (!actual.shape().equals(Shape.of(dims))) {
      failWithMessage("expected shape %s but was %s", Shape.of(dims), actual.shape());
    }
    return this;
  }

  /** Same shape and every element within {@code tolerance} (absolute). */
  public TensorAssert isCloseTo(Tensor expected, double tolerance) {
    isNotNull();
    if (!actual.shape().equals(expected.shape())) {
      failWithMessage("expected shape %s but was %s", expected.shape(), actual.shape());
    }
    for (int i = 0; i < actual.size(); i++) {
      double a = actual.getFlat(i);
      double e = expected.getFlat(i);
      if (!(Math.abs(a - e) <= tolerance)) {
        failWithMessage("element %s: expected %s but was %s (tolerance %s)", i, e, a, tolerance);
      }
    }
    return this;
  }

  /** Same shape and {@code ||actual - expected|| <= tolerance * ||expected||} (Euclidean norms). */
  public TensorAssert hasRelativeErrorAtMost(Tensor expected, double tolerance) {
    isNotNull();
    double error = Errors.normwiseRelative(actual, expected);
    if (!(error <= tolerance)) {
      failWithMessage("relative error %s exceeds %s for shape %s", error, tolerance, actual.shape());
    }
    return this;
  }

  /** Bit-identical values and the same shape. */
  public TensorAssert isBitIdenticalTo(Tensor expected) {
    isNotNull();
    if (!actual.equals(expected)) {
      failWithMessage("expected bit-identical %s but was %s", expected, actual);
    }
    return this;
  }
}
