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
  /** Unique name within a model; the prefix of the layer's parameter keys. */
  String name();

  /** Fresh parameters drawn from {@code rng} (advanced); empty for layers without any. */
  Params init(SplittableRandom rng);

  /** The layer's output for a batch {@code x} (examples on axis 0). */
  Var apply(Vars params, Var x, Phase phase);
}
