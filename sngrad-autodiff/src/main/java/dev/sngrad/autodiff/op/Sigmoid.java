package dev.sngrad.autodiff.op;

/**
 * Logistic sigmoid, {@code y = 1 / (1 + e^-x)}; {@code dy/dx = y (1 - y)}. Evaluated as {@code e^x /
 * (1 + e^x)} for negative {@code x} so that no intermediate overflows.
 */
final class Sigmoid extends Elementwise {
  @Override
  public String name() {
    return "sigmoid";
  }

  @Override
  protected float apply(float x) {
    if (x >= 0f) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  @Override
  protected float derivative(float x, float y) {
    return y * (1f - y);
  }
}
