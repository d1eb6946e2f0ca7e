package dev.sngrad.nn.extending;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Layer;
import dev.sngrad.nn.layer.Phase;
import java.util.SplittableRandom;

// [extending:layer]
/** Multiplies every feature by a learned factor: {@code y[..., j] = x[..., j] * scale[j]}. */
public record Scale(String name, int features) implements Layer {
  @Override
  public Params init(SplittableRandom rng) {
    return Params.builder().put(name + "/scale", Tensor.full(Shape.of(features), 1f)).build();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    return Ops.mul(x, params.get(name + "/scale"));
  }
}
// [extending:layer]
