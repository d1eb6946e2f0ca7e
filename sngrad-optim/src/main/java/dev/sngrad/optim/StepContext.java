package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.ReductionResults;
import dev.sngrad.autodiff.tensor.Params;
import java.util.Optional;

/**
 * What a transform may read besides the incoming updates and its own state: the current
 * parameters (for weight decay), the per-example gradient statistics of the batch when they were
 * computed (for the signal-to-noise rules), the number of the step being taken (0 for the first),
 * the {@link ExecutionContext} the step runs in, and the results of the {@link
 * PerExampleReduction}s the optimizer asked for ({@link #reduction}). Immutable; nothing in it is
 * modified by a transform.
 *
 * <p>A transform runs its passes over the parameters on the context's threads ({@link
 * ExecutionContext#forEachChunk}) and takes the arrays of the updates and of the new state it
 * returns from the context's buffers. In a {@code TrainingSession} those arrays live until the step
 * after next, so a transform must write its whole state every step, never carrying an array of an
 * older state forward.
 *
 * @param params the parameters the updates will be applied to
 * @param stats mean and population variance of the per-example gradients, when computed (see
 *     {@link GradientTransform#needsGradientStats()})
 * @param step the number of the training step, from 0
 * @param execution where the step's work runs and its arrays come from; results must not depend on
 *     it
 * @param reductions the results of the per-example reductions computed for this batch (see {@link
 *     GradientTransform#perExampleReductions()}); {@link ReductionResults#none()} when none was
 */
public record StepContext(
    Params params, Optional<GradientStats> stats, long step, ExecutionContext execution, ReductionResults reductions) {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param params the parameters the updates will be applied to
   * @param stats the batch's per-example gradient statistics, or empty
   * @param step the number of the training step, from 0
   * @param execution where the step's work runs and its arrays come from
   * @param reductions the results of the batch's per-example reductions, or {@link ReductionResults#none()}
   * @throws IllegalArgumentException if {@code step} is negative
   * @throws NullPointerException if a component is null
   */
  public StepContext {
    checkNotNull(params, "params");
    checkNotNull(stats, "stats");
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    checkNotNull(execution, "execution");
    checkNotNull(reductions, "reductions");
  }

  /**
   * A context without per-example reductions.
   *
   * @param params the parameters the updates will be applied to
   * @param stats the batch's per-example gradient statistics, or empty
   * @param step the number of the training step, from 0
   * @param execution where the step's work runs and its arrays come from
   * @throws IllegalArgumentException if {@code step} is negative
   * @throws NullPointerException if a component is null
   */
  public StepContext(Params params, Optional<GradientStats> stats, long step, ExecutionContext execution) {
    this(params, stats, step, execution, ReductionResults.none());
  }

  /**
   * A context without gradient statistics, in {@link ExecutionContext#defaults()}.
   *
   * @param params the parameters the updates will be applied to
   * @param step the number of the training step, from 0
   * @return the context
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public static StepContext of(Params params, long step) {
    return new StepContext(params, Optional.empty(), step, ExecutionContext.defaults());
  }

  /**
   * A context carrying the gradient statistics {@code stats} of the current batch, in {@link ExecutionContext#defaults()}.
   *
   * @param params the parameters the updates will be applied to
   * @param stats mean and population variance of the batch's per-example gradients
   * @param step the number of the training step, from 0
   * @return the context
   * @throws IllegalArgumentException if {@code step} is negative
   * @throws NullPointerException if {@code stats} is null
   */
  public static StepContext withStats(Params params, GradientStats stats, long step) {
    return new StepContext(params, Optional.of(stats), step, ExecutionContext.defaults());
  }

  /**
   * This context running in {@code execution}.
   *
   * @param execution the threads and buffers to use instead of this context's
   * @return a copy of this context with {@code execution} replaced
   */
  public StepContext withExecution(ExecutionContext execution) {
    return new StepContext(params, stats, step, execution, reductions);
  }

  /**
   * This context carrying {@code reductions}, for instance to call a transform from a training
   * loop of one's own.
   *
   * @param reductions the results of the batch's per-example reductions
   * @return a copy of this context with the reductions replaced
   * @throws NullPointerException if {@code reductions} is null
   */
  public StepContext withReductions(ReductionResults reductions) {
    return new StepContext(params, stats, step, execution, reductions);
  }

  /**
   * The result of the per-example reduction {@code reduction} for this batch: what a transform
   * that returns {@code reduction} from {@link GradientTransform#perExampleReductions()} reads in
   * its {@link GradientTransform#update}.
   *
   * @param reduction a reduction the optimizer asked for (looked up with {@code equals})
   * @return for every parameter, the reduction's tensor of the parameter's shape
   * @throws IllegalStateException naming the reduction when it was not computed for this step
   *     (no transform of the optimizer asked for it, or the caller built the context without it)
   */
  public Params reduction(PerExampleReduction reduction) {
    return reductions.get(reduction);
  }
}
