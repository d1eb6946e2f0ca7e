package dev.sngrad.autodiff.op;

/** Rectified linear unit, {@code y = max(x, 0)}; the derivative at 0 is taken as 0, as in JAX. */
public final class Relu extends Elementwise {
  @Override
  public String name() {
    return "relu";
  }

  @Override
  protected float apply(float x) {
    return x > 0f ? x : 0f;
  }

  @Override
  protected float derivative(float x, float y) {
    return x > 0f ? 1f : 0f;
  }
}
