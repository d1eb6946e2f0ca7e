package dev.sngrad.autodiff.check;

import dev.sngrad.autodiff.op.Elementwise;

/**
 * {@code sin} with a derivative that is off by a factor of 1.1: a wrong VJP that gradient checks
 * must catch (here and in sngrad-testkit's tests).
 */
public final class WrongSin extends Elementwise {
  @Override
  public String name() {
    return "wrong_sin";
  }

  @Override
  protected float apply(float x) {
    return (float) Math.sin(x);
  }

  @Override
  protected float derivative(float x, float y) {
    return 1.1f * (float) Math.cos(x);
  }
}
