package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * The mean of every channel over its positions, {@code [B, C, H, W] -> [B, C]}. No parameters.
 *
 * @param name the layer's name, unique within a model
 */
public record GlobalAvgPool(String name) implements Layer {
  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    return Ops.globalAvgPool(x);
  }
}
