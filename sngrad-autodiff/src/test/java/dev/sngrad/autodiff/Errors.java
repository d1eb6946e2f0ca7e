package dev.sngrad.autodiff;

import dev.sngrad.autodiff.tensor.Tensor;

/** Error measures used by the tests, computed in double. */
final class Errors {
  private Errors() {}

  /** {@code ||a - b|| / ||b||}, or {@code ||a||} when {@code b} is all zeros. */
  static double normwiseRelative(Tensor a, Tensor b) {
    if (!a.shape().equals(b.shape())) {
      throw new AssertionError("shapes differ: " + a.shape() + " vs " + b.shape());
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.size(); i++) {
      double d = (double) a.getFlat(i) - b.getFlat(i);
      diff += d * d;
      norm += (double) b.getFlat(i) * b.getFlat(i);
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }
}
