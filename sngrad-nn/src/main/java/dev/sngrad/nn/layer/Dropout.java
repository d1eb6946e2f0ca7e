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
 * by {@code 1 / (1 - rate)}, so inference is the identity. The mask is drawn from the phase's seed
 * mixed with the layer name, so a seed gives the same mask every time. Any input shape; the output
 * has the same shape. No parameters.
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
    SplittableRandom rng = new SplittableRandom(phase.seed() * 0x9E3779B97F4A7C15L + name.hashCode());
    float keep = (float) (1 / (1 - rate));
    float[] mask = new float[x.shape().size()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = rng.nextDouble() < rate ? 0f : keep;
    }
    return Ops.mul(x, x.constantAlong(TensorArrays.wrap(x.shape(), mask)));
  }
}
