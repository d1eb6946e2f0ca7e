package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/** {@code a - b} with broadcasting. */
final class Sub extends BroadcastingBinary {
  @Override
  public String name() {
    return "sub";
  }

  @Override
  protected float apply(float a, float b) {
    return a - b;
  }

  @Override
  protected Tensor partial(int index, Tensor ct, Tensor a, Tensor b, Tensor out) {
    return index == 0 ? ct : new Neg().forward(List.of(ct), ExecutionContext.defaults());
  }
}
