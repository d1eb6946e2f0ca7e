package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Tensor;

/** {@code a / b} elementwise with broadcasting; {@code d/da = 1/b}, {@code d/db = -a/b^2 = -out/b}. */
final class Div extends BroadcastingBinary {
  @Override
  public String name() {
    return "div";
  }

  @Override
  protected float apply(float a, float b) {
    return a / b;
  }

  @Override
  protected Tensor partial(int index, Tensor ct, Tensor a, Tensor b, Tensor out) {
    if (index == 0) {
      return zip(ct, b, (c, y) -> c / y);
    }
    Tensor ctOverB = zip(ct, b, (c, y) -> c / y);
    return zip(ctOverB, out, (c, q) -> -c * q);
  }
}
