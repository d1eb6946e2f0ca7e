package dev.sngrad.testkit;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on {@link Params}, reached through {@link SngradAssertions#assertThat(Params)}:
 * the same names in the same order, the same shapes, and each tensor compared as {@link
 * TensorAssert} does. A failure names the parameter, its shape and its worst element.
 */
public final class ParamsAssert extends AbstractAssert<ParamsAssert, Params> {
  ParamsAssert(Params actual) {
    super(actual, ParamsAssert.class);
  }

  /**
   * The same names, in the same order, and the same shape for each.
   *
   * @param expected parameters whose names and shapes are expected (values are ignored)
   * @return this assertion
   * @throws AssertionError naming the differing names or the first parameter whose shape differs
   */
  public ParamsAssert hasSameStructureAs(Params expected) {
    isNotNull();
    if (!actual.asMap().keySet().asList().equals(expected.asMap().keySet().asList())) {
      failWithMessage("expected names %s but were %s", expected.asMap().keySet(), actual.asMap().keySet());
    }
    for (Map.Entry<String, Tensor> e : expected.asMap().entrySet()) {
      if (!actual.get(e.getKey()).shape().equals(e.getValue().shape())) {
        failWithMessage("'%s': expected shape %s but was %s", e.getKey(), e.getValue().shape(),
            actual.get(e.getKey()).shape());
      }
    }
    return this;
  }

  /**
   * Same structure, and every element within an absolute tolerance.
   *
   * @param expected the expected values
   * @param absolute the largest allowed difference of an element, in its own units
   * @return this assertion
   * @throws AssertionError naming the parameter, its shape and its worst element
   */
  public ParamsAssert isCloseTo(Params expected, double absolute) {
    return isCloseTo(expected, absolute, 0);
  }

  /**
   * Same structure, and every element within {@code |a - e| <= absolute + relative * |e|}, as
   * {@link TensorAssert#isCloseTo(Tensor, double, double)}.
   *
   * @param expected the expected values
   * @param absolute the allowed difference independent of the size of an element
   * @param relative the allowed difference as a fraction of the expected element
   * @return this assertion
   * @throws AssertionError naming the parameter, its shape and its worst element
   */
  public ParamsAssert isCloseTo(Params expected, double absolute, double relative) {
    hasSameStructureAs(expected);
    for (Map.Entry<String, Tensor> e : expected.asMap().entrySet()) {
      String worst = Comparison.of(actual.get(e.getKey()), e.getValue()).worstOutside(absolute, relative);
      if (worst != null) {
        failWithMessage("'%s': %s", e.getKey(), worst);
      }
    }
    return this;
  }

  /**
   * Same structure, and each parameter within a normwise relative error, as {@link
   * TensorAssert#hasRelativeErrorAtMost}.
   *
   * @param expected the expected values
   * @param tolerance the largest allowed normwise relative error of each parameter
   * @return this assertion
   * @throws AssertionError naming the parameter, the error, its shape and its largest difference
   */
  public ParamsAssert hasRelativeErrorAtMost(Params expected, double tolerance) {
    hasSameStructureAs(expected);
    for (Map.Entry<String, Tensor> e : expected.asMap().entrySet()) {
      Comparison comparison = Comparison.of(actual.get(e.getKey()), e.getValue());
      double error = comparison.normwiseRelativeError();
      if (!(error <= tolerance)) {
        failWithMessage("'%s': normwise relative error %s exceeds %s for shape %s; %s", e.getKey(), error,
            tolerance, e.getValue().shape(), comparison.largestDifference());
      }
    }
    return this;
  }

  /**
   * Every element of every parameter finite.
   *
   * @return this assertion
   * @throws AssertionError naming the parameter and its first non-finite element
   */
  public ParamsAssert isFinite() {
    isNotNull();
    for (Map.Entry<String, Tensor> e : actual.asMap().entrySet()) {
      int bad = e.getValue().firstNonFinite();
      if (bad >= 0) {
        failWithMessage("'%s': element %s of shape %s is %s", e.getKey(),
            Comparison.elementName(e.getValue().shape(), bad), e.getValue().shape(), e.getValue().getFlat(bad));
      }
    }
    return this;
  }
}
