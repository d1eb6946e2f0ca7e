package dev.sngrad.autodiff.op;

/** {@code y = c * x} for a constant {@code c}. */
final class MulScalar extends Elementwise {
  private final float c;

  /** The op multiplying every element by {@code c}. */
  MulScalar(float c) {
    this.c = c;
  }

  @Override
  public String name() {
    return "mul_scalar";
  }

  @Override
  protected float apply(float x) {
    return c * x;
  }

  @Override
  protected float derivative(float x, float y) {
    return c;
  }
}
