package dev.sngrad.autodiff.internal;

import dev.sngrad.autodiff.linalg.CpuFeatures;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes of the double-precision passes around the products (the moments snapshot and
 * the signal-to-noise rule pass), chosen once per JVM by {@link CpuFeatures#passLanes}: {@link
 * #LANES} doubles per vector, and as many floats for the loads and stores. Loaded only by Vector
 * API classes. Constants, so that the JIT compiles each loop for one shape.
 */
public final class PassLanes {
  /** Doubles per vector, 4 or 8. */
  public static final int LANES = CpuFeatures.passLanes(
      Runtime.version().feature(),
      DoubleVector.SPECIES_PREFERRED.vectorBitSize(),
      System.getProperty(CpuFeatures.PASS_LANES_PROPERTY));

  /** {@link #LANES} doubles. */
  public static final VectorSpecies<Double> DOUBLES = LANES == 8 ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;

  /** {@link #LANES} floats, the loads and stores of {@link #DOUBLES}. */
  public static final VectorSpecies<Float> FLOATS = LANES == 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;

  /**
   * Four doubles, the diagnostic sums' fixed lanes: a vector of {@link #DOUBLES} is added to them in
   * its {@link #FOURS} groups of four lanes, lowest first, which is the order element by element.
   */
  public static final VectorSpecies<Double> FOUR_DOUBLES = DoubleVector.SPECIES_256;

  /** Groups of four lanes per vector of {@link #DOUBLES}, 1 or 2. */
  public static final int FOURS = LANES / 4;

  private PassLanes() {}
}
