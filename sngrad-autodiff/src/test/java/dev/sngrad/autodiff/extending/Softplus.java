package dev.sngrad.autodiff.extending;

import dev.sngrad.autodiff.op.Elementwise;

// [extending:op]
/** Softplus, {@code y = log(1 + e^x)}; {@code dy/dx = sigmoid(x) = 1 - e^-y}. */
public final class Softplus extends Elementwise {
  @Override
  public String name() {
    return "softplus";
  }

  @Override
  protected float apply(float x) {
    // log1p(e^x) overflows for large x, where softplus(x) = x + log1p(e^-x)
    return (float) (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
  }

  @Override
  protected float derivative(float x, float y) {
    return (float) -Math.expm1(-y);
  }
}
// [extending:op]
