package dev.sngrad.autodiff.op;

/** Natural logarithm, {@code y = ln x}; {@code dy/dx = 1/x} (NaN for {@code x < 0}, {@code -inf} at 0, as in IEEE). */
final class Log extends Elementwise {
  @Override
  public String name() {
    return "log";
  }

  @Override
  protected float apply(float x) {
    return (float) Math.log(x);
  }

  @Override
  protected float derivative(float x, float y) {
    return 1f / x;
  }
}
