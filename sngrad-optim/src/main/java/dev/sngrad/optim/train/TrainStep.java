package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.FusedStep;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import dev.sngrad.optim.snr.SnrDiagnostics;
import dev.sngrad.optim.snr.SnrState;
import dev.sngrad.optim.transform.ChainState;
import java.util.Map;
import java.util.Optional;

/**
 * One training step: loss and gradient of a minibatch, the optimizer's update, and {@code params +
 * updates}. With {@code L(p) = 1/B sum_i loss_i(p)}:
 *
 * <ul>
 *   <li>If the optimizer {@linkplain GradientTransform#needsGradientStats() needs gradient
 *       statistics}, one {@link PerExample#lossAndGradStats} pass gives the mean {@code mu = grad L}
 *       and the population variance of the per-example gradients; {@code mu} is the incoming update
 *       and the statistics go into the {@link StepContext}.
 *   <li>Otherwise an ordinary {@code Grad.of(p -> mean(loss(p, x, labels)))} pass gives {@code grad
 *       L}, with no per-example overhead.
 * </ul>
 *
 * <p>When the optimizer can take the whole step in one pass ({@link FusedStep}: {@code
 * Optimizers.sgd} from the gradient, {@code Optimizers.sgdSnr} from the fused moments when every
 * parameter has them), the statistics, update and new parameters come from that pass, with the
 * same bits as the separate steps.
 *
 * <p>{@link #apply} allocates every value it computes. A {@link TrainingSession} runs the same
 * steps in buffers it reuses.
 *
 * <p>The loss, every gradient (and variance) tensor, every update and every updated parameter are
 * checked; a NaN or infinity throws {@link NonFiniteException} naming the step, the parameter and
 * the value. Immutable and pure: arguments are not modified.
 */
public final class TrainStep {
  private final ExampleLoss loss;
  private final GradientTransform<?> optimizer;
  private final int chunkSize;
  private final MatMulKernel kernel;

  private TrainStep(ExampleLoss loss, GradientTransform<?> optimizer, int chunkSize, MatMulKernel kernel) {
    this.loss = checkNotNull(loss, "loss");
    this.optimizer = checkNotNull(optimizer, "optimizer");
    checkArgument(chunkSize >= 0, "chunk size must be >= 0 (0 = whole batch), got %s", chunkSize);
    this.chunkSize = chunkSize;
    this.kernel = checkNotNull(kernel, "kernel");
  }

  /** A step minimizing the mean of the per-example {@code loss} with {@code optimizer}. */
  public static TrainStep of(ExampleLoss loss, GradientTransform<?> optimizer) {
    return new TrainStep(loss, optimizer, 0, MatMulKernel.defaultKernel());
  }

  /** The same step computing per-example statistics {@code chunkSize} examples at a time (0 = all). */
  public TrainStep withChunkSize(int chunkSize) {
    return new TrainStep(loss, optimizer, chunkSize, kernel);
  }

  /** The same step with matrix products on {@code kernel} (for instance {@code MatMulKernel.parallel(2)}). */
  public TrainStep withKernel(MatMulKernel kernel) {
    return new TrainStep(loss, optimizer, chunkSize, kernel);
  }

  /** The optimizer. */
  public GradientTransform<?> optimizer() {
    return optimizer;
  }

  /** The optimizer's initial state for {@code params} (not modified). */
  public OptState init(Params params) {
    return optimizer.init(params);
  }

  /**
   * Takes step number {@code step} (from 0) on {@code batch} from {@code params} and the optimizer
   * {@code state} (none modified).
   *
   * @throws NonFiniteException if the loss, a gradient, an update or a new parameter is not finite
   * @throws IllegalArgumentException if {@code state} is not this optimizer's state
   */
  public StepResult apply(Params params, OptState state, Minibatch batch, long step) {
    return apply(params, state, batch, step, BufferSource.fresh(), BufferSource.fresh());
  }

  /**
   * {@link #apply(Params, OptState, Minibatch, long)} with the step's intermediate values from
   * {@code work} and the new parameters from {@code into}; the result's parameters are valid as
   * long as {@code into}'s arrays are.
   */
  StepResult apply(Params params, OptState state, Minibatch batch, long step, BufferSource work, BufferSource into) {
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    Tensor x = batch.inputs();
    int[] labels = batch.labels();
    Params gradient;
    double meanLoss;
    StepContext ctx;
    if (optimizer.needsGradientStats()) {
      PerExample.LossAndStats ls =
          PerExample.of(loss).withChunkSize(chunkSize).withKernel(kernel).withBuffers(work).lossAndGradStats(params, x, labels);
      Optional<StepResult> fused = fusedStepFromMoments(params, state, ls, step, into);
      if (fused.isPresent()) {
        return fused.get();
      }
      gradient = ls.stats().mean();
      checkFinite(step, "gradient", gradient);
      checkFinite(step, "gradient variance", ls.stats().variance());
      meanLoss = mean(ls.losses());
      ctx = StepContext.withStats(params, ls.stats(), step).withKernel(kernel);
    } else {
      Grad.ValueAndGrad vg = Grad.of(p -> Ops.mean(loss.apply(p, Var.constant(x), labels)))
          .withKernel(kernel)
          .withBuffers(work)
          .valueAndGrad(params);
      gradient = vg.grad();
      meanLoss = vg.value().item();
      Optional<StepResult> fused = fusedStepFromGradient(params, state, gradient, meanLoss, step, into);
      if (fused.isPresent()) {
        return fused.get();
      }
      checkFinite(step, "gradient", gradient);
      ctx = StepContext.of(params, step).withKernel(kernel);
    }
    if (!Double.isFinite(meanLoss)) {
      throw new NonFiniteException(step, "loss", "loss", -1, meanLoss);
    }
    Update<?> update = update(optimizer, gradient, state, ctx.withBuffers(work, into));
    checkFinite(step, "update", update.updates());
    Params next = Updates.apply(params, update.updates(), into);
    checkFinite(step, "parameter", next);
    return new StepResult(next, update.state(), meanLoss, snrDiagnostics(update.state()));
  }

  /**
   * The step in one pass from the fused moments, when the optimizer can take it ({@link
   * FusedStep}) and every value is finite; otherwise empty, and the general path runs.
   */
  private Optional<StepResult> fusedStepFromMoments(
      Params params, OptState state, PerExample.LossAndStats ls, long step, BufferSource into) {
    if (!(optimizer instanceof FusedStep fusable) || !fusable.takesStepsFromMoments()) {
      return Optional.empty();
    }
    double meanLoss = mean(ls.losses());
    if (!Double.isFinite(meanLoss)) {
      return Optional.empty();
    }
    Optional<ImmutableMap<String, Moments>> moments = ls.moments();
    if (moments.isEmpty()) {
      return Optional.empty();
    }
    // The context holds no statistics: a fused step reads the moments, and computing the
    // statistics here would be the very pass it saves.
    return fusable.stepFromMoments(params, moments.get(), state, StepContext.of(params, step).withKernel(kernel), into)
        .map(s -> new StepResult(s.params(), s.state(), meanLoss, snrDiagnostics(s.state())));
  }

  /**
   * The step in one pass from the gradient, when the optimizer can take it ({@link FusedStep}) and
   * the loss and new parameters are finite (a non-finite gradient makes a new parameter
   * non-finite); otherwise empty, and the general path runs and reports what is not finite.
   */
  private Optional<StepResult> fusedStepFromGradient(
      Params params, OptState state, Params gradient, double meanLoss, long step, BufferSource into) {
    if (!(optimizer instanceof FusedStep fusable) || !fusable.takesStepsFromGradient() || !Double.isFinite(meanLoss)) {
      return Optional.empty();
    }
    return fusable.stepFromGradient(params, gradient, state, StepContext.of(params, step).withKernel(kernel), into)
        .map(s -> new StepResult(s.params(), s.state(), meanLoss, snrDiagnostics(s.state())));
  }

  private static <S extends OptState> Update<S> update(
      GradientTransform<S> transform, Params gradient, OptState state, StepContext ctx) {
    return transform.update(gradient, transform.castState(state), ctx);
  }

  /** The diagnostics of the first {@link SnrState} in chain order, if any. */
  static Optional<SnrDiagnostics> snrDiagnostics(OptState state) {
    if (state instanceof SnrState snr) {
      return Optional.of(snr.diagnostics());
    }
    if (state instanceof ChainState chain) {
      for (OptState s : chain.states()) {
        Optional<SnrDiagnostics> found = snrDiagnostics(s);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static double mean(Tensor losses) {
    double sum = 0;
    for (float v : losses.rawData()) {
      sum += v;
    }
    return sum / losses.size();
  }

  private static void checkFinite(long step, String quantity, Params params) {
    for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
      int i = e.getValue().firstNonFinite();
      if (i >= 0) {
        throw new NonFiniteException(step, quantity, e.getKey(), i, e.getValue().rawData()[i]);
      }
    }
  }

  @Override
  public String toString() {
    return "TrainStep[" + optimizer + (chunkSize > 0 ? ", chunk " + chunkSize : "") + "]";
  }
}
