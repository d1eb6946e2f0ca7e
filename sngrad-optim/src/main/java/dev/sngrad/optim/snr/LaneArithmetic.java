package dev.sngrad.optim.snr;

/**
 * The arithmetic a rule's factor needs, on lanes of doubles: one double ({@link ScalarArithmetic})
 * or a vector of four ({@code VectorArithmetic}). {@link SnrRule} writes each rule once against
 * this interface, so that the scalar reference and the vector pass run the same IEEE operations in
 * the same order by construction. Every operation is the lane-wise IEEE operation of its name;
 * {@code V} holds values and {@code M} holds one boolean per lane.
 *
 * <p>The implementations are constants of exact, final types: when a rule's method is inlined
 * into a loop that passes one of them, the JIT binds every call here statically, and the vector
 * values stay in registers.
 */
interface LaneArithmetic<V, M> {
  /** {@code value} in every lane. */
  V constant(double value);

  V add(V a, double b);

  V subtract(V a, V b);

  V multiply(V a, V b);

  V multiply(V a, double b);

  V divide(V a, V b);

  M lessThan(V a, double b);

  M atMost(V a, double b);

  M atLeast(V a, double b);

  M atLeast(V a, V b);

  M equal(V a, double b);

  M and(M a, M b);

  M or(M a, M b);

  /** Per lane, {@code ifTrue} where {@code condition} holds, else {@code otherwise}. */
  V select(M condition, V ifTrue, V otherwise);
}
