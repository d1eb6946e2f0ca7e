package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;

/** Elementwise activation functions applied after a {@link Dense} layer. */
public enum Activation {
  /** No activation (the output layer's logits). */
  IDENTITY,
  /** {@code max(x, 0)}. */
  RELU,
  /** {@code tanh(x)}. */
  TANH;

  /**
   * Applies this activation elementwise; the identity returns {@code x} itself.
   *
   * @param x any shape
   * @return the activated values, the shape of {@code x}
   */
  public Var apply(Var x) {
    return switch (this) {
      case IDENTITY -> x;
      case RELU -> Ops.relu(x);
      case TANH -> Ops.tanh(x);
    };
  }
}
