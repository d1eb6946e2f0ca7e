package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * Flattens every example to a vector: {@code [B, d1, d2, ...] -> [B, d1 * d2 * ...]}, in row-major
 * order, e.g. images {@code [B, C, H, W] -> [B, C*H*W]}. A rank-2 input passes through unchanged.
 * No parameters.
 *
 * @param name the layer's name, unique within a model
 */
public record Flatten(String name) implements Layer {
  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    int examples = x.shape().dim(0);
    return x.shape().rank() == 2 ? x : Ops.reshape(x, examples, x.shape().size() / Math.max(1, examples));
  }
}
