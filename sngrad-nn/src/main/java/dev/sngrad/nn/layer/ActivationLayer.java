package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * An {@link Activation} applied elementwise as a layer of its own, for layers without one (such
 * as {@link Conv2d}): {@code y = activation(x)}, any shape. No parameters.
 *
 * @param name the layer's name, unique within a model
 * @param activation the function applied to every element
 */
public record ActivationLayer(String name, Activation activation) implements Layer {
  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    return activation.apply(x);
  }
}
