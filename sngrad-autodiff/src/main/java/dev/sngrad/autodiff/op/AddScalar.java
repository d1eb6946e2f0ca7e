package dev.sngrad.autodiff.op;

/** {@code y = x + c} for a constant {@code c}. */
final class AddScalar extends Elementwise {
  private final float c;

  /** The op adding {@code c} to every element. */
  AddScalar(float c) {
    this.c = c;
  }

  @Override
  public String name() {
    return "add_scalar";
  }

  @Override
  protected float apply(float x) {
    return x + c;
  }

  @Override
  protected float derivative(float x, float y) {
    return 1f;
  }
}
