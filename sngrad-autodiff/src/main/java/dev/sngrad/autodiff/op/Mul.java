package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Tensor;

/** {@code a * b} elementwise with broadcasting. */
final class Mul extends BroadcastingBinary {
  @Override
  public String name() {
    return "mul";
  }

  @Override
  protected float apply(float a, float b) {
    return a * b;
  }

  @Override
  protected Tensor partial(int index, Tensor ct, Tensor a, Tensor b, Tensor out) {
    return zip(ct, index == 0 ? b : a, (c, other) -> c * other);
  }
}
