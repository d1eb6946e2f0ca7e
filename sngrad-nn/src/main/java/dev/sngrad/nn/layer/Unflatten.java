package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import java.util.SplittableRandom;

/**
 * Gives flat examples a shape: {@code [B, d1 * d2 * ...] -> [B, d1, d2, ...]} in row-major order,
 * e.g. images stored channel by channel {@code [B, C*H*W] -> [B, C, H, W]}; the inverse of {@link
 * Flatten}. No parameters.
 *
 * @param name the layer's name, unique within a model
 * @param example the shape of one example after the layer
 */
public record Unflatten(String name, Shape example) implements Layer {
  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    checkArgument(x.shape().rank() == 2 && x.shape().dim(1) == example.size(),
        "unflatten '%s': expected flat examples of %s values to shape as %s, got %s", name, example.size(), example, x.shape());
    int[] dims = new int[example.rank() + 1];
    dims[0] = x.shape().dim(0);
    for (int a = 0; a < example.rank(); a++) {
      dims[a + 1] = example.dim(a);
    }
    return Ops.reshape(x, dims);
  }
}
