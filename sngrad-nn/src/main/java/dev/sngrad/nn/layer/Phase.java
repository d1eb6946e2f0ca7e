package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Whether a forward pass trains or evaluates, and what its random choices (dropout masks) are drawn
 * from. A training pass takes a seed per step, so that a run is reproducible, and the index in the
 * whole batch of the first example it sees, so that every example draws by its own index whether
 * the batch is processed at once or in chunks ({@link dev.sngrad.autodiff.PerExample}); inference
 * uses neither.
 *
 * @param training true in a training pass, where dropout is active
 * @param seed the seed of the pass's random choices; ignored in inference
 * @param firstExample the index in the whole batch of row 0 of the inputs, {@code >= 0}; ignored in
 *     inference
 */
public record Phase(boolean training, long seed, int firstExample) {
  /**
   * Checks the example index.
   *
   * @param training true in a training pass
   * @param seed the seed of the pass's random choices
   * @param firstExample the index in the whole batch of row 0 of the inputs
   * @throws IllegalArgumentException if {@code firstExample} is negative
   */
  public Phase {
    checkArgument(firstExample >= 0, "phase: first example must be >= 0, got %s", firstExample);
  }

  /**
   * A phase whose inputs start at example 0 of the batch.
   *
   * @param training true in a training pass
   * @param seed the seed of the pass's random choices
   */
  public Phase(boolean training, long seed) {
    this(training, seed, 0);
  }

  /**
   * Evaluation: dropout is the identity.
   *
   * @return an inference phase (seed 0, unused)
   */
  public static Phase inference() {
    return new Phase(false, 0);
  }

  /**
   * Training with random choices drawn from {@code seed}.
   *
   * @param seed the seed of this pass's dropout masks; use a different one per step
   * @return a training phase
   */
  public static Phase training(long seed) {
    return new Phase(true, seed);
  }

  /**
   * Training step {@code step} of a run seeded with {@code runSeed}: {@link #training(long)} with
   * the seed {@link #stepSeed(long, long)}.
   *
   * @param runSeed the run's seed
   * @param step the step's number, from 0
   * @return a training phase with a seed of its own for every step
   */
  public static Phase trainingStep(long runSeed, long step) {
    return training(stepSeed(runSeed, step));
  }

  /**
   * The seed of step {@code step}'s random choices in a run seeded with {@code runSeed}: both
   * mixed by SplitMix64 finalizers, so neighbouring steps get unrelated seeds and no generator is
   * advanced (a run's weight initialization and shuffling draw exactly what they would without
   * dropout).
   *
   * @param runSeed the run's seed
   * @param step the step's number
   * @return the step's seed
   */
  public static long stepSeed(long runSeed, long step) {
    return mix(mix(runSeed ^ DROPOUT_STREAM) + 0x9E3779B97F4A7C15L * (step + 1));
  }

  /**
   * This phase for inputs whose row 0 is example {@code offset} of its own inputs: the first
   * example moves by {@code offset}.
   *
   * @param offset the index, within this phase's inputs, of the new inputs' row 0, {@code >= 0}
   * @return the phase of that slice
   */
  public Phase slice(int offset) {
    return offset == 0 ? this : new Phase(training, seed, firstExample + offset);
  }

  /**
   * A seed for one example's draws in one layer: this phase's seed, the layer's name and the
   * example's index in the whole batch ({@code firstExample + row}), mixed by SplitMix64
   * finalizers. It does not depend on how the batch was split into chunks.
   *
   * @param layer the drawing layer's name
   * @param row the example's row in this pass's inputs
   * @return the seed of that example's draws in that layer
   */
  public long exampleSeed(String layer, int row) {
    long perLayer = mix(seed ^ mix(layer.hashCode() + DROPOUT_STREAM));
    return mix(perLayer + 0x9E3779B97F4A7C15L * ((long) firstExample + row + 1));
  }

  /** Stream constant that separates dropout seeds from the other seeds derived from a run seed. */
  private static final long DROPOUT_STREAM = 0x44524f504f5554L; // "DROPOUT"

  // SplitMix64 finalizer (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number
  // generators"), the mixing function SplittableRandom uses.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
