package dev.sngrad.testkit;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;

/**
 * How far a tensor is from an expected one of the same shape, computed in double: the elements
 * outside an elementwise tolerance, the worst of them, and the normwise relative error. Every
 * assertion of the kit states its failures from one of these, so messages always name the shapes
 * and the worst element.
 */
final class Comparison {
  private final Tensor actual;
  private final Tensor expected;

  private Comparison(Tensor actual, Tensor expected) {
    this.actual = actual;
    this.expected = expected;
  }

  /** Compares {@code actual} with {@code expected}; their shapes must be equal (checked by the caller). */
  static Comparison of(Tensor actual, Tensor expected) {
    return new Comparison(actual, expected);
  }

  /**
   * {@code ||actual - expected|| / ||expected||} in Euclidean norms, or {@code ||actual||} when
   * {@code expected} is all zeros; NaN when any element is NaN.
   */
  double normwiseRelativeError() {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < actual.size(); i++) {
      double d = (double) actual.getFlat(i) - expected.getFlat(i);
      diff += d * d;
      norm += (double) expected.getFlat(i) * expected.getFlat(i);
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  /**
   * The element furthest outside {@code |a - e| <= absolute + relative * |e|} (NumPy's {@code
   * allclose}), as a description, or null when every element is within it. NaN never passes, and
   * equal infinities do.
   */
  String worstOutside(double absolute, double relative) {
    int failures = 0;
    int worst = -1;
    double worstExcess = -1;
    for (int i = 0; i < actual.size(); i++) {
      double a = actual.getFlat(i);
      double e = expected.getFlat(i);
      if (a == e) {
        continue; // equal infinities included
      }
      double error = Math.abs(a - e);
      double allowed = absolute + relative * Math.abs(e);
      if (!(error <= allowed)) {
        failures++;
        double excess = Double.isNaN(error) || Double.isInfinite(error) ? Double.MAX_VALUE : error - allowed;
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = i;
        }
      }
    }
    if (failures == 0) {
      return null;
    }
    return String.format(
        "%d of %d elements of shape %s differ by more than %s + %s * |expected|; the worst, element %s, is %s"
            + " where %s was expected (difference %s)",
        failures, actual.size(), actual.shape(), absolute, relative, elementName(actual.shape(), worst),
        actual.getFlat(worst), expected.getFlat(worst), Math.abs((double) actual.getFlat(worst) - expected.getFlat(worst)));
  }

  /** The element with the largest absolute difference, named by its index, for messages. */
  String largestDifference() {
    int worst = 0;
    double largest = -1;
    for (int i = 0; i < actual.size(); i++) {
      double d = Math.abs((double) actual.getFlat(i) - expected.getFlat(i));
      if (Double.isNaN(d) || d > largest) {
        largest = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        worst = i;
      }
    }
    if (actual.size() == 0) {
      return "no elements";
    }
    return String.format("largest difference at element %s: %s where %s was expected",
        elementName(actual.shape(), worst), actual.getFlat(worst), expected.getFlat(worst));
  }

  /** {@code [r, c] (flat i)} for an element of {@code shape}. */
  static String elementName(Shape shape, int flat) {
    int[] dims = shape.toArray();
    int[] index = new int[dims.length];
    int rest = flat;
    for (int axis = dims.length - 1; axis >= 0; axis--) {
      index[axis] = rest % dims[axis];
      rest /= dims[axis];
    }
    return Arrays.toString(index) + " (flat " + flat + ")";
  }
}
