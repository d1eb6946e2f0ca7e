package dev.sngrad.autodiff.op;

/** Square root; {@code dy/dx = 1 / (2 sqrt(x))} (infinite at 0, as in JAX). */
final class Sqrt extends Elementwise {
  @Override
  public String name() {
    return "sqrt";
  }

  @Override
  protected float apply(float x) {
    return (float) Math.sqrt(x);
  }

  @Override
  protected float derivative(float x, float y) {
    return 0.5f / y;
  }
}
