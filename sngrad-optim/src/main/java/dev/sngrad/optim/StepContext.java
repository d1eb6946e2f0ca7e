package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.linalg.MatMulKernel;
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
 * @param params the parameters the updates will be applied to
 * @param stats mean and population variance of the per-example gradients, when computed (see
 *     {@link GradientTransform#needsGradientStats()})
 * @param step the number of the training step, from 0
 * @param kernel the step's matrix kernel; results must not depend on its thread count
 */
public record StepContext(Params params, Optional<GradientStats> stats, long step, MatMulKernel kernel) {
  /** Checks the components; see the class comment for their ranges. */
  public StepContext {
    checkNotNull(params, "params");
    checkNotNull(stats, "stats");
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    checkNotNull(kernel, "kernel");
  }

  /** A context without gradient statistics, on one thread. */
  public static StepContext of(Params params, long step) {
    return new StepContext(params, Optional.empty(), step, MatMulKernel.scalar(1));
  }

  /** A context carrying the gradient statistics {@code stats} of the current batch, on one thread. */
  public static StepContext withStats(Params params, GradientStats stats, long step) {
    return new StepContext(params, Optional.of(stats), step, MatMulKernel.scalar(1));
  }

  /** This context with the passes over the parameters on {@code kernel}'s threads. */
  public StepContext withKernel(MatMulKernel kernel) {
    return new StepContext(params, stats, step, kernel);
  }
}
