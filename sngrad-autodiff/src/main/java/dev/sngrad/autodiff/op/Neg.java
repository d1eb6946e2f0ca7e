package dev.sngrad.autodiff.op;

/** Negation, {@code y = -x}. */
final class Neg extends Elementwise {
  @Override
  public String name() {
    return "neg";
  }

  @Override
  protected float apply(float x) {
    return -x;
  }

  @Override
  protected float derivative(float x, float y) {
    return -1f;
  }
}
