package dev.sngrad.autodiff.op;

/** Hyperbolic tangent; {@code dy/dx = 1 - y^2}. */
final class Tanh extends Elementwise {
  @Override
  public String name() {
    return "tanh";
  }

  @Override
  protected float apply(float x) {
    return (float) Math.tanh(x);
  }

  @Override
  protected float derivative(float x, float y) {
    return 1f - y * y;
  }
}
