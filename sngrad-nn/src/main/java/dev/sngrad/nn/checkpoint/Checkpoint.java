package dev.sngrad.nn.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;

/**
 * What a checkpoint holds: string metadata (step, configuration, ...) and named groups of named
 * tensors, such as {@code "params"} and {@code "optimizer"} (optimizer state flattened to tensors).
 * Immutable. Stored by {@link CheckpointFile}, which stores strings (metadata keys and values,
 * group and tensor names) of at most 16 MiB of UTF-8 each and refuses longer ones when writing.
 *
 * @param metadata free-form key/value pairs, in insertion order
 * @param groups the tensor groups by name, in insertion order
 */
public record Checkpoint(ImmutableMap<String, String> metadata, ImmutableMap<String, Params> groups) {
  /** Group name of the model parameters. */
  public static final String PARAMS = "params";

  /** Group name of the optimizer state. */
  public static final String OPTIMIZER = "optimizer";

  /**
   * A checkpoint of parameters and optimizer state, under the groups {@link #PARAMS} and {@link
   * #OPTIMIZER}.
   *
   * @param params the model parameters
   * @param optimizerState the optimizer state flattened to named tensors (empty for a stateless
   *     optimizer)
   * @param metadata free-form key/value pairs such as the step number
   * @return the checkpoint
   */
  public static Checkpoint of(Params params, Params optimizerState, ImmutableMap<String, String> metadata) {
    return new Checkpoint(metadata, ImmutableMap.of(PARAMS, params, OPTIMIZER, optimizerState));
  }

  /**
   * The group named {@code name}.
   *
   * @param name the group's name
   * @return the group's tensors
   * @throws IllegalArgumentException if there is no such group, listing the groups present
   */
  public Params group(String name) {
    Params p = groups.get(name);
    checkArgument(p != null, "checkpoint has no group '%s'; it has %s", name, groups.keySet());
    return p;
  }

  /**
   * The model parameters.
   *
   * @return the group {@link #PARAMS}
   * @throws IllegalArgumentException if the checkpoint has no such group
   */
  public Params params() {
    return group(PARAMS);
  }

  /**
   * The optimizer state.
   *
   * @return the group {@link #OPTIMIZER}
   * @throws IllegalArgumentException if the checkpoint has no such group
   */
  public Params optimizerState() {
    return group(OPTIMIZER);
  }
}
