package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * A layer whose parameters live outside it: {@link #init} creates them under keys starting with
 * {@code name() + "/"}, and {@link #apply} reads only those keys. Layers are immutable
 * configurations; {@code apply} is pure.
 */
public interface Layer {
  /**
   * The layer's name.
   *
   * @return a name unique within a model; the prefix of the layer's parameter keys
   */
  String name();

  /**
   * Fresh parameters for this layer.
   *
   * @param rng the generator to draw from, advanced by the draw; the same state gives the same
   *     parameters
   * @return the parameters under keys starting with {@code name() + "/"}; empty for layers
   *     without any
   */
  Params init(SplittableRandom rng);

  /**
   * The layer's output for a batch. Pure: depends only on the arguments.
   *
   * @param params the model's parameters; the layer reads only its own keys
   * @param x the batch, {@code [B, ...]} with examples on axis 0
   * @param phase training (with a seed for random choices) or inference
   * @return the output, {@code [B, ...]}
   * @throws IllegalArgumentException if a parameter is missing or the shape of {@code x} does not
   *     fit the layer, naming them
   */
  Var apply(Vars params, Var x, Phase phase);
}
