package dev.sngrad.nn.layer;

/**
 * Whether a forward pass trains or evaluates, and the seed of its random choices (dropout masks).
 * Training passes take a seed per step, so that a run is reproducible; inference uses none.
 */
public record Phase(boolean training, long seed) {
  /** Evaluation: dropout is the identity. */
  public static Phase inference() {
    return new Phase(false, 0);
  }

  /** Training with random choices drawn from {@code seed}. */
  public static Phase training(long seed) {
    return new Phase(true, seed);
  }
}
