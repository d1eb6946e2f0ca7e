package dev.sngrad.autodiff.op;

/** Exponential, {@code y = e^x}; {@code dy/dx = y}. */
final class Exp extends Elementwise {
  @Override
  public String name() {
    return "exp";
  }

  @Override
  protected float apply(float x) {
    return (float) Math.exp(x);
  }

  @Override
  protected float derivative(float x, float y) {
    return y;
  }
}
