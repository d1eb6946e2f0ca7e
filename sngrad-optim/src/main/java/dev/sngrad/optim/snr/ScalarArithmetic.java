package dev.sngrad.optim.snr;

/**
 * {@link LaneArithmetic} on one lane: a boxed double. The boxes do not survive the JIT once a
 * rule's method is inlined into its caller (escape analysis), and the scalar path computes the
 * rules on every JVM, with or without the Vector API.
 */
enum ScalarArithmetic implements LaneArithmetic<Double, Boolean> {
  INSTANCE;

  @Override
  public Double constant(double value) {
    return value;
  }

  @Override
  public Double add(Double a, double b) {
    return a + b;
  }

  @Override
  public Double subtract(Double a, Double b) {
    return a - b;
  }

  @Override
  public Double multiply(Double a, Double b) {
    return a * b;
  }

  @Override
  public Double multiply(Double a, double b) {
    return a * b;
  }

  @Override
  public Double divide(Double a, Double b) {
    return a / b;
  }

  @Override
  public Boolean lessThan(Double a, double b) {
    return a < b;
  }

  @Override
  public Boolean atMost(Double a, double b) {
    return a <= b;
  }

  @Override
  public Boolean atLeast(Double a, double b) {
    return a >= b;
  }

  @Override
  public Boolean atLeast(Double a, Double b) {
    return a >= b;
  }

  @Override
  public Boolean equal(Double a, double b) {
    return a == b;
  }

  @Override
  public Boolean and(Boolean a, Boolean b) {
    return a && b;
  }

  @Override
  public Boolean or(Boolean a, Boolean b) {
    return a || b;
  }

  @Override
  public Double select(Boolean condition, Double ifTrue, Double otherwise) {
    return condition ? ifTrue : otherwise;
  }
}
