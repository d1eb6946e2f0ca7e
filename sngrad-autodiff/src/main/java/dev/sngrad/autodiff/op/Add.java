package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Tensor;

/** {@code a + b} with broadcasting. */
final class Add extends BroadcastingBinary {
  @Override
  public String name() {
    return "add";
  }

  @Override
  protected float apply(float a, float b) {
    return a + b;
  }

  @Override
  protected Tensor partial(int index, Tensor ct, Tensor a, Tensor b, Tensor out) {
    return ct;
  }
}
