package dev.sngrad.autodiff.op;

/** Square, {@code y = x^2}. */
final class Square extends Elementwise {
  @Override
  public String name() {
    return "square";
  }

  @Override
  protected float apply(float x) {
    return x * x;
  }

  @Override
  protected float derivative(float x, float y) {
    return 2f * x;
  }
}
