package dev.sngrad.optim.snr;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneArithmetic} on four doubles with the Vector API; loaded only by {@link
 * VectorSnrPass}, that is when the JVM has {@code jdk.incubator.vector}.
 */
enum VectorArithmetic implements LaneArithmetic<DoubleVector, VectorMask<Double>> {
  INSTANCE;

  /** Four doubles: the lanes of {@link VectorSnrPass}, whatever the machine's vector width. */
  static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;

  @Override
  public DoubleVector constant(double value) {
    return DoubleVector.broadcast(DOUBLES, value);
  }

  @Override
  public DoubleVector add(DoubleVector a, double b) {
    return a.add(b);
  }

  @Override
  public DoubleVector subtract(DoubleVector a, DoubleVector b) {
    return a.sub(b);
  }

  @Override
  public DoubleVector multiply(DoubleVector a, DoubleVector b) {
    return a.mul(b);
  }

  @Override
  public DoubleVector multiply(DoubleVector a, double b) {
    return a.mul(b);
  }

  @Override
  public DoubleVector divide(DoubleVector a, DoubleVector b) {
    return a.div(b);
  }

  @Override
  public VectorMask<Double> lessThan(DoubleVector a, double b) {
    return a.compare(VectorOperators.LT, b);
  }

  @Override
  public VectorMask<Double> atMost(DoubleVector a, double b) {
    return a.compare(VectorOperators.LE, b);
  }

  @Override
  public VectorMask<Double> atLeast(DoubleVector a, double b) {
    return a.compare(VectorOperators.GE, b);
  }

  @Override
  public VectorMask<Double> atLeast(DoubleVector a, DoubleVector b) {
    return a.compare(VectorOperators.GE, b);
  }

  @Override
  public VectorMask<Double> equal(DoubleVector a, double b) {
    return a.compare(VectorOperators.EQ, b);
  }

  @Override
  public VectorMask<Double> and(VectorMask<Double> a, VectorMask<Double> b) {
    return a.and(b);
  }

  @Override
  public VectorMask<Double> or(VectorMask<Double> a, VectorMask<Double> b) {
    return a.or(b);
  }

  @Override
  public DoubleVector select(VectorMask<Double> condition, DoubleVector ifTrue, DoubleVector otherwise) {
    return otherwise.blend(ifTrue, condition);
  }
}
