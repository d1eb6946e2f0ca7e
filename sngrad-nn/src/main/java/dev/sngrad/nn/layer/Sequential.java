package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Layers applied in order. Names must be unique. {@link #init(long)} gives each layer its own
 * generator split from one seeded root, so the same seed gives bit-identical parameters, and
 * networks compared across optimizers can start from identical weights.
 *
 * @param name the model's name; it does not prefix the layers' keys
 * @param layers the layers, applied first to last; their names must be unique
 */
public record Sequential(String name, ImmutableList<Layer> layers) implements Layer {
  /**
   * Checks that the layer names are unique.
   *
   * @param name the model's name
   * @param layers the layers, first to last
   * @throws IllegalArgumentException naming the first name used twice
   */
  public Sequential {
    Set<String> names = new HashSet<>();
    for (Layer l : layers) {
      checkArgument(names.add(l.name()), "sequential '%s': layer name '%s' is used twice", name, l.name());
    }
  }

  /**
   * A sequential model of {@code layers}.
   *
   * @param name the model's name
   * @param layers the layers, applied first to last (copied)
   * @return the model
   * @throws IllegalArgumentException if two layers share a name
   */
  public static Sequential of(String name, List<? extends Layer> layers) {
    return new Sequential(name, ImmutableList.copyOf(layers));
  }

  /**
   * Parameters of every layer, drawn from {@code new SplittableRandom(seed)}: the same seed gives
   * bit-identical parameters.
   *
   * @param seed the seed of the root generator
   * @return every layer's parameters, in layer order
   */
  public Params init(long seed) {
    return init(new SplittableRandom(seed));
  }

  @Override
  public Params init(SplittableRandom rng) {
    Params.Builder b = Params.builder();
    for (Layer l : layers) {
      b.putAll(l.init(rng.split()));
    }
    return b.build();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    Var h = x;
    for (Layer l : layers) {
      h = l.apply(params, h, phase);
    }
    return h;
  }
}
