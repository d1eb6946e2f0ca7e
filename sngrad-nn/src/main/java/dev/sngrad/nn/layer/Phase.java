package dev.sngrad.nn.layer;

/**
 * Whether a forward pass trains or evaluates, and the seed of its random choices (dropout masks).
 * Training passes take a seed per step, so that a run is reproducible; inference uses none.
 *
 * @param training true in a training pass, where dropout is active
 * @param seed the seed of the pass's random choices; ignored in inference
 */
public record Phase(boolean training, long seed) {
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
}
