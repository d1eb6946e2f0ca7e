package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * An activation applied on its own, to any shape: {@code y = f(x)} elementwise, e.g. the ReLU after
 * a convolution. (A {@link Dense} layer applies its activation itself.) No parameters.
 *
 * @param name the layer's name, unique within a model
 * @param activation the function applied to every value
 */
public record Elementwise(String name, Activation activation) implements Layer {
  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    return activation.apply(x);
  }
}
