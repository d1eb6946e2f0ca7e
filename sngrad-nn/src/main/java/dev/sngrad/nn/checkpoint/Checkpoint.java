package dev.sngrad.nn.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;

/**
 * What a checkpoint holds: string metadata (step, configuration, ...) and named groups of named
 * tensors, such as {@code "params"} and {@code "optimizer"} (optimizer state flattened to tensors).
 * Immutable. Stored by {@link CheckpointFile}.
 */
public record Checkpoint(ImmutableMap<String, String> metadata, ImmutableMap<String, Params> groups) {
  /** Group name of the model parameters. */
  public static final String PARAMS = "params";

  /** Group name of the optimizer state. */
  public static final String OPTIMIZER = "optimizer";

  /** A checkpoint of parameters and optimizer state. */
  public static Checkpoint of(Params params, Params optimizerState, ImmutableMap<String, String> metadata) {
    return new Checkpoint(metadata, ImmutableMap.of(PARAMS, params, OPTIMIZER, optimizerState));
  }

  /** The group named {@code name}; fails listing the groups present. */
  public Params group(String name) {
    Params p = groups.get(name);
    checkArgument(p != null, "checkpoint has no group '%s'; it has %s", name, groups.keySet());
    return p;
  }

  /** The model parameters. */
  public Params params() {
    return group(PARAMS);
  }

  /** The optimizer state. */
  public Params optimizerState() {
    return group(OPTIMIZER);
  }
}
