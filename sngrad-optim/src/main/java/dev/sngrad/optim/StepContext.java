package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import java.util.Optional;

/**
 * What a transform may read besides the incoming updates and its own state: the current
 * parameters (for weight decay), the per-example gradient statistics of the batch when they were
 * computed (for the signal-to-noise rules), and the number of the step being taken (0 for the
 * first), and the step's matrix kernel, whose threads a transform may use for its passes over the
 * parameters ({@link MatMulKernel#forEachChunk}). Immutable; nothing in it is modified by a
 * transform.
 *
 * <p>Two buffer sources let a transform take its arrays where a training loop reuses them (a
 * {@code TrainingSession}); both allocate fresh arrays unless {@link #withBuffers} sets them:
 * {@code updateBuffers} for the updates it returns, which live until the step ends, and {@code
 * stateBuffers} for the arrays of its new state, which live until the step after next. A transform
 * that takes state arrays from {@code stateBuffers} must write its whole state every step, never
 * carrying an array of an older state forward.
 *
 * @param params the parameters the updates will be applied to
 * @param stats mean and population variance of the per-example gradients, when computed (see
 *     {@link GradientTransform#needsGradientStats()})
 * @param step the number of the training step, from 0
 * @param kernel the step's matrix kernel; results must not depend on its thread count
 * @param updateBuffers where the arrays of returned updates come from
 * @param stateBuffers where the arrays of a new optimizer state come from
 */
public record StepContext(
    Params params, Optional<GradientStats> stats, long step, MatMulKernel kernel, BufferSource updateBuffers,
    BufferSource stateBuffers) {
  /** Checks the components; see the class comment for their ranges. */
  public StepContext {
    checkNotNull(params, "params");
    checkNotNull(stats, "stats");
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    checkNotNull(kernel, "kernel");
    checkNotNull(updateBuffers, "updateBuffers");
    checkNotNull(stateBuffers, "stateBuffers");
  }

  /** A context without gradient statistics, on one thread. */
  public static StepContext of(Params params, long step) {
    return new StepContext(
        params, Optional.empty(), step, MatMulKernel.scalar(1), BufferSource.fresh(), BufferSource.fresh());
  }

  /** A context carrying the gradient statistics {@code stats} of the current batch, on one thread. */
  public static StepContext withStats(Params params, GradientStats stats, long step) {
    return new StepContext(
        params, Optional.of(stats), step, MatMulKernel.scalar(1), BufferSource.fresh(), BufferSource.fresh());
  }

  /** This context with the passes over the parameters on {@code kernel}'s threads. */
  public StepContext withKernel(MatMulKernel kernel) {
    return new StepContext(params, stats, step, kernel, updateBuffers, stateBuffers);
  }

  /** This context with the arrays of updates from {@code updates} and of new states from {@code states}. */
  public StepContext withBuffers(BufferSource updates, BufferSource states) {
    return new StepContext(params, stats, step, kernel, updates, states);
  }
}
