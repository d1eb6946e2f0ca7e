package dev.sngrad.optim.transform;

import dev.sngrad.optim.OptState;

/** The state of a stateless transform (optax's {@code EmptyState}). Immutable. */
public record EmptyState() implements OptState {
  private static final EmptyState INSTANCE = new EmptyState();

  /** The shared instance. */
  public static EmptyState instance() {
    return INSTANCE;
  }
}
