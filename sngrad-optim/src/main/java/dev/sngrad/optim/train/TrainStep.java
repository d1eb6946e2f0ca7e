package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.ReductionResults;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.BlockPasses;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import java.util.Map;
import java.util.Optional;

/**
 * One training step: loss and gradient of a minibatch, the optimizer's update, and {@code params +
 * updates}. With {@code L(p) = 1/B sum_i loss_i(p)}:
 *
 * <ul>
 *   <li>If the optimizer {@linkplain GradientTransform#needsGradientStats() needs gradient
 *       statistics}, one {@link PerExample#lossAndGradStats} pass (or {@link PerExample#lossAndGradMoments}) gives the mean {@code mu = grad L}
 *       and the population variance of the per-example gradients; {@code mu} is the incoming update
 *       and the statistics go into the {@link StepContext}.
 *   <li>If a transform of the optimizer asks for {@linkplain GradientTransform#perExampleReductions()
 *       per-example reductions}, one {@link PerExample#lossAndGradStats(Params, Tensor, int[],
 *       java.util.Set)} pass over the materialized per-example gradients, chunk by chunk, gives the
 *       statistics as above and the reductions, which go into the {@link StepContext} as well ({@link
 *       StepContext#reduction}). This costs what materialized per-example gradients cost (see {@link
 *       GradientTransform#perExampleReductions()}), and the optimizer runs on its own after the pass,
 *       not fused with it.
 *   <li>Otherwise an ordinary {@code Grad.of(p -> mean(loss(p, x, labels)))} pass gives {@code grad
 *       L}, with no per-example overhead.
 * </ul>
 *
 * <p>When the optimizer is an {@link ElementwiseTransform} (every built-in optimizer is a chain of
 * them), the update and the new parameters come from one pass over each block ({@link
 * BlockPasses}): from the gradient, or, with statistics, from the fused moments when every
 * parameter has them, the blocks' means and variances computed in that pass. These give the bits of
 * the separate steps; when a value is not finite the separate steps run and report it.
 *
 * <p>The step runs in an {@link ExecutionContext} ({@link ExecutionContext#defaults()} unless
 * {@link #withContext} sets one): its kernel computes the matrix products and its threads run the
 * passes over the parameters. {@link #apply} takes every array from the context's buffers (fresh
 * ones by default); a {@link TrainingSession} runs the same steps in arenas it reuses.
 *
 * <p>The loss, every gradient (and variance) tensor, every update and every updated parameter are
 * checked; a NaN or infinity throws {@link NonFiniteException} naming the step, the parameter and
 * the value. Immutable and pure: arguments are not modified.
 */
public final class TrainStep {
  private final StepLoss stepLoss;
  private final GradientTransform<?> optimizer;
  /** The optimizer's reductions, asked once: a transform is immutable. */
  private final ImmutableSet<PerExampleReduction> reductions;
  private final int chunkSize;
  private final ExecutionContext context;

  private TrainStep(StepLoss loss, GradientTransform<?> optimizer, int chunkSize, ExecutionContext context) {
    this.stepLoss = checkNotNull(loss, "loss");
    this.optimizer = checkNotNull(optimizer, "optimizer");
    this.reductions = ImmutableSet.copyOf(optimizer.perExampleReductions());
    checkArgument(chunkSize >= 0, "chunk size must be >= 0 (0 = whole batch), got %s", chunkSize);
    this.chunkSize = chunkSize;
    this.context = checkNotNull(context, "context");
  }

  /**
   * A step minimizing the mean of the per-example {@code loss} with {@code optimizer}, on the
   * whole batch at once, in {@link ExecutionContext#defaults()}.
   *
   * @param loss the model and loss: maps parameters, inputs {@code [B, ...]} and {@code B} labels
   *     to the {@code [B]} per-example losses
   * @param optimizer the gradient transform whose updates are added to the parameters
   * @return the step
   * @throws NullPointerException if an argument is null
   */
  public static TrainStep of(ExampleLoss loss, GradientTransform<?> optimizer) {
    return of(StepLoss.fixed(checkNotNull(loss, "loss")), optimizer);
  }

  /**
   * A step minimizing, at step {@code n}, the mean of the per-example {@code loss.at(n)} with
   * {@code optimizer}: for losses with random draws per step, such as a model with dropout in
   * training ({@code step -> model.trainingLoss(runSeed, step)}). The per-example and the plain
   * path of a step use the same loss, so both see the same dropout masks.
   *
   * @param loss gives the per-example loss of each step from the step's number
   * @param optimizer the gradient transform whose updates are added to the parameters
   * @return the step
   * @throws NullPointerException if an argument is null
   */
  public static TrainStep of(StepLoss loss, GradientTransform<?> optimizer) {
    return new TrainStep(loss, optimizer, 0, ExecutionContext.defaults());
  }

  /**
   * The same step computing per-example statistics {@code chunkSize} examples at a time (0 = all).
   *
   * @param chunkSize examples per chunk of the per-example pass, {@code >= 0}; 0 for the whole
   *     batch at once. Bounds the memory of the per-example pass (with per-example reductions, at
   *     most {@code chunkSize x P} floats of gradients); unused when the optimizer needs no
   *     statistics and no reductions
   * @return a copy of this step with the chunk size replaced
   * @throws IllegalArgumentException if {@code chunkSize} is negative
   */
  public TrainStep withChunkSize(int chunkSize) {
    return new TrainStep(stepLoss, optimizer, chunkSize, context);
  }

  /**
   * The same step running in {@code context} (for instance {@code ExecutionContext.threads(2)}).
   *
   * @param context the matrix kernel, threads and buffers the step uses
   * @return a copy of this step with the context replaced
   * @throws NullPointerException if {@code context} is null
   */
  public TrainStep withContext(ExecutionContext context) {
    return new TrainStep(stepLoss, optimizer, chunkSize, context);
  }

  /**
   * The context the step runs in.
   *
   * @return the context set by {@link #withContext}, else {@link ExecutionContext#defaults()}
   */
  public ExecutionContext context() {
    return context;
  }

  /**
   * The optimizer.
   *
   * @return the gradient transform given to {@link #of}
   */
  public GradientTransform<?> optimizer() {
    return optimizer;
  }

  /**
   * The optimizer's initial state for {@code params} (not modified).
   *
   * @param params the parameters to be trained; only their names and shapes matter
   * @return the state to pass to the first {@link #apply}
   */
  public OptState init(Params params) {
    return optimizer.init(params);
  }

  /**
   * Takes step number {@code step} (from 0) on {@code batch} from {@code params} and the optimizer
   * {@code state} (none modified).
   *
   * @param params the current parameters
   * @param state the optimizer state from {@link #init} or the previous step
   * @param batch the minibatch of inputs {@code [B, ...]} and {@code B} labels
   * @param step the number of this step, from 0 (the schedule's and Adam's count come from the
   *     state; this one names the step in errors and in {@link StepContext#step()})
   * @return the new parameters and state, the mean loss before the update and the optimizer's
   *     auxiliary output
   * @throws NonFiniteException if the loss, a gradient, an update or a new parameter is not finite
   * @throws IllegalArgumentException if {@code state} is not this optimizer's state or {@code step}
   *     is negative
   */
  public StepResult apply(Params params, OptState state, Minibatch batch, long step) {
    return apply(params, state, batch, step, context.buffers(), context.buffers());
  }

  /**
   * {@link #apply(Params, OptState, Minibatch, long)} with the step's intermediate values from
   * {@code work} and the updates, new parameters and new state from {@code into}; the result is
   * valid as long as {@code into}'s arrays are.
   */
  StepResult apply(Params params, OptState state, Minibatch batch, long step, BufferSource work, BufferSource into) {
    ExecutionContext working = context.withBuffers(work);
    ExecutionContext results = context.withBuffers(into);
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    Tensor x = batch.inputs();
    int[] labels = batch.labels();
    ExampleLoss loss = stepLoss.at(step);
    Params gradient;
    double meanLoss;
    StepContext ctx;
    // The one-pass step's context holds no statistics: it reads the moments, and computing the
    // statistics here would be the very pass it saves.
    StepContext onePass = new StepContext(params, Optional.empty(), step, results);
    if (optimizer.needsGradientStats() || !reductions.isEmpty()) {
      PerExample perExample = PerExample.of(loss).withChunkSize(chunkSize).withContext(working);
      GradientStats stats;
      ReductionResults reduced = ReductionResults.none();
      if (reductions.isEmpty() && optimizer instanceof ElementwiseTransform<?> elementwise) {
        PerExample.LossAndMoments lm = perExample.lossAndGradMoments(params, x, labels);
        meanLoss = mean(lm.losses());
        if (lm.moments().isPresent() && Double.isFinite(meanLoss)) {
          Optional<BlockPasses.Step> s =
              BlockPasses.stepFromMoments(elementwise, params, lm.moments().get(), state, onePass);
          if (s.isPresent()) {
            return result(s.get(), meanLoss);
          }
        }
        stats = lm.stats();
      } else {
        PerExample.LossAndStats ls = perExample.lossAndGradStats(params, x, labels, reductions);
        meanLoss = mean(ls.losses());
        stats = ls.stats();
        reduced = ls.reductions();
      }
      gradient = stats.mean();
      checkFinite(step, "gradient", gradient);
      checkFinite(step, "gradient variance", stats.variance());
      ctx = new StepContext(params, Optional.of(stats), step, results, reduced);
    } else {
      Grad.ValueAndGrad vg = Grad.of(p -> Ops.mean(loss.apply(p, Var.constant(x), labels)))
          .withContext(working)
          .valueAndGrad(params);
      gradient = vg.grad();
      meanLoss = vg.value().item();
      if (optimizer instanceof ElementwiseTransform<?> elementwise && Double.isFinite(meanLoss)) {
        Optional<BlockPasses.Step> s = BlockPasses.stepFromGradient(elementwise, params, gradient, state, onePass);
        if (s.isPresent()) {
          return result(s.get(), meanLoss);
        }
      }
      checkFinite(step, "gradient", gradient);
      ctx = onePass;
    }
    if (!Double.isFinite(meanLoss)) {
      throw new NonFiniteException(step, "loss", "loss", -1, meanLoss);
    }
    Update<?> update = update(optimizer, gradient, state, ctx);
    checkFinite(step, "update", update.updates());
    Params next = Updates.apply(params, update.updates(), into);
    checkFinite(step, "parameter", next);
    return new StepResult(next, update.state(), meanLoss, update.aux());
  }

  private static StepResult result(BlockPasses.Step s, double meanLoss) {
    return new StepResult(s.params(), s.state(), meanLoss, s.aux());
  }

  private static <S extends OptState> Update<S> update(
      GradientTransform<S> transform, Params gradient, OptState state, StepContext ctx) {
    return transform.update(gradient, transform.castState(state), ctx);
  }

  private static double mean(Tensor losses) {
    double sum = 0;
    for (float v : TensorArrays.data(losses)) {
      sum += v;
    }
    return sum / losses.size();
  }

  private static void checkFinite(long step, String quantity, Params params) {
    for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
      int i = e.getValue().firstNonFinite();
      if (i >= 0) {
        throw new NonFiniteException(step, quantity, e.getKey(), i, TensorArrays.data(e.getValue())[i]);
      }
    }
  }

  @Override
  public String toString() {
    return "TrainStep[" + optimizer + (chunkSize > 0 ? ", chunk " + chunkSize : "") + "]";
  }
}
