package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Params;
import java.util.Set;

/**
 * A gradient transformation in the style of optax's {@code GradientTransformation}: a pair of pure
 * functions with explicit state,
 *
 * <pre>{@code
 * state_0 = init(params)
 * (u_out, state_{t+1}) = update(u_in, state_t, ctx)
 * }</pre>
 *
 * where {@code u_in} is the gradient for the first transform of a chain and the previous
 * transform's output after that. The final updates are added to the parameters with {@link
 * Updates#apply} (so a descent step has negative sign, made by {@link
 * dev.sngrad.optim.transform.Transforms#scaleByLearningRate}).
 *
 * <p>Implementations hold only immutable configuration. {@code update} is pure: the same
 * arguments give equal results, and no argument is modified.
 *
 * @param <S> the state type, {@link #stateType()} at run time
 */
public interface GradientTransform<S extends OptState> {
  /**
   * The initial state for parameters {@code params} (not modified).
   *
   * @param params the parameters to be optimised; only their names and shapes matter
   * @return the state before the first update, e.g. zero moments and a count of 0
   */
  S init(Params params);

  /**
   * Transforms {@code updates} (not modified) given the current {@code state} (not modified) and
   * {@code ctx}; returns the outgoing updates, with the same names and shapes, and the next state.
   *
   * @param updates the gradient, or the previous transform's output in a chain
   * @param state this transform's state from {@link #init} or the previous update
   * @param ctx the parameters, the gradient statistics, the step number and the execution
   * @return the outgoing updates, the next state and what the transform reports
   */
  Update<S> update(Params updates, S state, StepContext ctx);

  /**
   * The class of this transform's state, used to check states of unknown type.
   *
   * @return the class of the states {@link #init} and {@link #update} return
   */
  Class<S> stateType();

  /**
   * True when {@link #update} reads {@link StepContext#stats()}, so that the caller must compute
   * per-example gradient statistics. False by default.
   *
   * @return whether {@link #update} needs {@link StepContext#stats()} to be present
   */
  default boolean needsGradientStats() {
    return false;
  }

  /**
   * The {@link PerExampleReduction}s of the per-example gradients that {@link #update} reads with
   * {@link StepContext#reduction}: a rule that needs more than the mean and variance of {@link
   * StepContext#stats()} (a sign agreement, a maximum) defines a reduction and returns it here, and
   * the training step ({@code TrainStep}, {@code TrainingSession}) computes it for every batch,
   * together with the statistics, and hands the results over in the {@link StepContext}. Empty by
   * default; a chain returns the union of its members'.
   *
   * <p>Cost: while any transform of the optimizer asks for a reduction, the step materializes the
   * per-example gradients of every parameter ({@code chunk x P} floats at once, {@code B x P}
   * without a chunk size; see {@code TrainStep.withChunkSize}) instead of using the fused moments,
   * and runs the whole chain on its own rather than in one pass with the parameter update: for the
   * convolutional {@code cnn-small} at {@code B = 128} about three times the time of the fused step
   * (docs/benchmarks.md). Without reductions nothing of this happens.
   *
   * @return the reductions to compute for each batch, unmodifiable; empty for none
   */
  default Set<PerExampleReduction> perExampleReductions() {
    return Set.of();
  }

  /**
   * {@code state} as this transform's state type; fails naming both types when it is of another
   * type, e.g. the state of a different optimizer.
   *
   * @param state a state of unknown type, e.g. one restored from a checkpoint
   * @return {@code state}, cast
   * @throws IllegalArgumentException if {@code state} is not an instance of {@link #stateType()}
   */
  default S castState(OptState state) {
    checkArgument(
        stateType().isInstance(state), "state is %s, expected %s; was init() called on this transform?",
        state.getClass().getSimpleName(), stateType().getSimpleName());
    return stateType().cast(state);
  }
}
