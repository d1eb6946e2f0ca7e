package dev.sngrad.optim;

/**
 * The state of a {@link GradientTransform}, such as Adam's moment estimates. Implementations are
 * immutable records; a transform returns a new state from every update and never changes the old
 * one, so a state can be kept, compared and reused (optax's {@code OptState}).
 */
public interface OptState {}
