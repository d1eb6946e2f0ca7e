package dev.sngrad.optim.transform;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StateReader;
import dev.sngrad.optim.StateWriter;

/**
 * The state of a stateless transform (optax's {@code EmptyState}). Immutable. Flattened as the
 * marker {@code empty}, a tensor of shape {@code [0]}, so that a checkpoint shows every transform of
 * a chain (see {@link dev.sngrad.optim.OptStates}).
 */
public record EmptyState() implements OptState {
  private static final EmptyState INSTANCE = new EmptyState();
  private static final Shape MARKER_SHAPE = Shape.of(0);

  /**
   * The shared instance.
   *
   * @return the one empty state (all empty states are equal)
   */
  public static EmptyState instance() {
    return INSTANCE;
  }

  @Override
  public void flattenInto(StateWriter out) {
    out.putTensor("empty", Tensor.zeros(MARKER_SHAPE));
  }

  @Override
  public EmptyState restoreFrom(StateReader in) {
    in.tensor("empty", MARKER_SHAPE);
    return this;
  }
}
