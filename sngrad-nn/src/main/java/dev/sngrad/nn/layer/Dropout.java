package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training, each element is kept with probability {@code 1 - rate} and scaled
 * by {@code 1 / (1 - rate)}, so inference is the identity. Each example's mask is drawn from its
 * own generator, seeded by {@link Phase#exampleSeed} with the phase's seed, the layer's name and the
 * example's index in the whole batch: a seed gives the same masks every time, and an example gets
 * the same mask whether the batch is processed whole or in chunks (the per-example path and the
 * plain path of a training step agree). Any input shape {@code [B, ...]}; the output has the same
 * shape. No parameters.
 *
 * @param name the layer's name, unique within a model; it also varies the mask between layers
 * @param rate the probability of dropping each element, in {@code [0, 1)}; 0 makes the layer the
 *     identity
 */
public record Dropout(String name, double rate) implements Layer {
  /**
   * Checks the rate.
   *
   * @param name the layer's name
   * @param rate the drop probability
   * @throws IllegalArgumentException if {@code rate} is not in [0, 1)
   */
  public Dropout {
    checkArgument(rate >= 0 && rate < 1, "dropout '%s': rate must be in [0, 1), got %s", name, rate);
  }

  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    if (!phase.training() || rate == 0) {
      return x;
    }
    checkArgument(x.shape().rank() >= 1, "dropout '%s': input needs an example axis, got %s", name, x.shape());
    float keep = (float) (1 / (1 - rate));
    int examples = x.shape().dim(0);
    float[] mask = new float[x.shape().size()];
    int perExample = examples == 0 ? 0 : mask.length / examples;
    for (int r = 0; r < examples; r++) {
      SplittableRandom rng = new SplittableRandom(phase.exampleSeed(name, r));
      for (int i = r * perExample; i < (r + 1) * perExample; i++) {
        mask[i] = rng.nextDouble() < rate ? 0f : keep;
      }
    }
    return Ops.mul(x, x.constantAlong(TensorArrays.wrap(x.shape(), mask)));
  }
}
