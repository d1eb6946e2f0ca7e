package dev.sngrad.testkit;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link Tensor}, reached through {@link SngradAssertions#assertThat(Tensor)}:
 * {@code assertThat(t).hasShape(2, 3).isCloseTo(expected, 1e-6, 1e-5)}. Differences are formed in
 * double. A failure names the shapes and the worst element (its multi-index, flat index, actual and
 * expected values).
 */
public final class TensorAssert extends AbstractAssert<TensorAssert, Tensor> {
  TensorAssert(Tensor actual) {
    super(actual, TensorAssert.class);
  }

  /**
   * Checks the dimensions.
   *
   * @param dims the expected dimensions; none for a scalar
   * @return this assertion
   * @throws AssertionError when the tensor is null or its shape differs
   */
  public TensorAssert hasShape(int... dims) {
    return hasShape(Shape.of(dims));
  }

  /**
   * Checks the shape.
   *
   * @param shape the expected shape
   * @return this assertion
   * @throws AssertionError when the tensor is null or its shape differs
   */
  public TensorAssert hasShape(Shape shape) {
    isNotNull();
    if (!actual.shape().equals(shape)) {
      failWithMessage("expected shape %s but was %s", shape, actual.shape());
    }
    return this;
  }

  /**
   * Same shape, and every element within an absolute tolerance: {@code |a - e| <= absolute}.
   *
   * @param expected the expected values
   * @param absolute the largest allowed difference of an element, in the tensor's own units
   * @return this assertion
   * @throws AssertionError naming the shapes, the number of elements outside and the worst one
   */
  public TensorAssert isCloseTo(Tensor expected, double absolute) {
    return isCloseTo(expected, absolute, 0);
  }

  /**
   * Same shape, and every element within {@code |a - e| <= absolute + relative * |e|} (NumPy's
   * {@code allclose}). NaN is never close to anything; equal infinities are close. For float32
   * results of a few operations, {@code relative = 1e-5} allows some tens of roundings.
   *
   * @param expected the expected values
   * @param absolute the allowed difference independent of the size of an element, in its units
   * @param relative the allowed difference as a fraction of the expected element
   * @return this assertion
   * @throws AssertionError naming the shapes, the number of elements outside and the worst one
   */
  public TensorAssert isCloseTo(Tensor expected, double absolute, double relative) {
    hasShape(expected.shape());
    String worst = Comparison.of(actual, expected).worstOutside(absolute, relative);
    if (worst != null) {
      failWithMessage("%s", worst);
    }
    return this;
  }

  /**
   * Same shape, and {@code ||actual - expected|| <= tolerance * ||expected||} in Euclidean norms
   * (or {@code ||actual|| <= tolerance} when {@code expected} is all zeros). A whole-tensor measure:
   * it forgives a tiny element's relative error that {@link #isCloseTo(Tensor, double, double)}
   * would catch, and suits results of long sums such as gradients.
   *
   * @param expected the expected values
   * @param tolerance the largest allowed normwise relative error, e.g. {@code 1e-5}
   * @return this assertion
   * @throws AssertionError naming the error, the shapes and the element of largest difference
   */
  public TensorAssert hasRelativeErrorAtMost(Tensor expected, double tolerance) {
    hasShape(expected.shape());
    Comparison comparison = Comparison.of(actual, expected);
    double error = comparison.normwiseRelativeError();
    if (!(error <= tolerance)) {
      failWithMessage("normwise relative error %s exceeds %s for shape %s; %s",
          error, tolerance, actual.shape(), comparison.largestDifference());
    }
    return this;
  }

  /**
   * Same shape and the same bits in every element.
   *
   * @param expected the expected values
   * @return this assertion
   * @throws AssertionError naming the first element that differs
   */
  public TensorAssert isBitIdenticalTo(Tensor expected) {
    hasShape(expected.shape());
    for (int i = 0; i < actual.size(); i++) {
      if (Float.floatToIntBits(actual.getFlat(i)) != Float.floatToIntBits(expected.getFlat(i))) {
        failWithMessage("element %s of shape %s is %s where %s was expected bit for bit",
            Comparison.elementName(actual.shape(), i), actual.shape(), actual.getFlat(i), expected.getFlat(i));
      }
    }
    return this;
  }

  /**
   * Every element finite (neither NaN nor infinite).
   *
   * @return this assertion
   * @throws AssertionError naming the first non-finite element
   */
  public TensorAssert isFinite() {
    isNotNull();
    int bad = actual.firstNonFinite();
    if (bad >= 0) {
      failWithMessage("element %s of shape %s is %s", Comparison.elementName(actual.shape(), bad),
          actual.shape(), actual.getFlat(bad));
    }
    return this;
  }
}
