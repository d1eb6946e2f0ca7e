package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.OptStates;
import dev.sngrad.optim.snr.NoiseScale;
import dev.sngrad.optim.snr.SnrDiagnostics;
import java.util.Optional;

/**
 * A run of {@link TrainStep}s that reuses its buffers from step to step, so that steps on batches
 * of one size allocate no parameter-sized or batch-sized array after the first: JAX's {@code
 * jit} with the parameters donated to each step. Every step gives exactly the bits of {@link
 * TrainStep#apply}. (An optimizer that asks for {@linkplain
 * dev.sngrad.optim.GradientTransform#perExampleReductions() per-example reductions} still allocates
 * every step: the reductions' accumulators and results, and the double sums of the materialized
 * statistics.)
 *
 * <p>The session owns the current parameters and optimizer state. A step computes its
 * activations, cotangents, gradients or fused moments in a work {@link Arena} that it resets first,
 * and writes the new parameters and state into the one of two result arenas that does not hold the
 * current ones (transforms take their update and state arrays from its buffers); the
 * current parameters and state are replaced only when the step succeeded. {@link #params()} and
 * {@link #state()} return copies. The optimizer's state must not keep the tensors a transform is
 * given (no built-in transform does), because the next step overwrites them.
 *
 * <p>Mutable and not thread-safe: one thread takes the steps (the matrix kernel still uses its own
 * threads).
 */
public final class TrainingSession {
  private final TrainStep trainStep;
  private final Arena work = new Arena();
  private final Arena[] resultArenas = {new Arena(), new Arena()};
  private int nextArena;
  private Params params;
  private OptState state;
  private long steps;

  private TrainingSession(TrainStep trainStep, Params params, OptState state, long steps) {
    this.trainStep = checkNotNull(trainStep, "trainStep");
    this.params = checkNotNull(params, "params");
    this.state = checkNotNull(state, "state");
    checkArgument(steps >= 0, "steps must be >= 0, got %s", steps);
    this.steps = steps;
  }

  /**
   * A session taking {@code trainStep}s from {@code params} (not modified) and the optimizer's initial state.
   *
   * @param trainStep the step to take, with its loss, optimizer and context
   * @param params the initial parameters
   * @return a session at step 0
   * @throws NullPointerException if an argument is null
   */
  public static TrainingSession start(TrainStep trainStep, Params params) {
    return new TrainingSession(trainStep, params, trainStep.init(params), 0);
  }

  /**
   * A session continuing from {@code params} and {@code state} after {@code steps} steps (a checkpoint).
   *
   * @param trainStep the step to take, with its loss, optimizer and context
   * @param params the parameters after {@code steps} steps
   * @param state the optimizer state after {@code steps} steps, of the step's optimizer
   * @param steps the number of steps already taken, {@code >= 0}: the number of the next step
   * @return the session
   * @throws IllegalArgumentException if {@code steps} is negative
   * @throws NullPointerException if an argument is null
   */
  public static TrainingSession resume(TrainStep trainStep, Params params, OptState state, long steps) {
    return new TrainingSession(trainStep, params, state, steps);
  }

  /**
   * What one step reported: its number, the mean loss and the optimizer's auxiliary output; the
   * new parameters stay in the session.
   *
   * @param step the number of the step, from 0
   * @param loss the mean per-example loss of the batch before the update
   * @param aux what the optimizer's transforms reported, in chain order
   */
  public record Report(long step, double loss, AuxOutput aux) {
    /**
     * What the first signal-to-noise transform of the optimizer did in this step, if it has one.
     *
     * @return the first {@link SnrDiagnostics} of {@link #aux()}, or empty
     */
    public Optional<SnrDiagnostics> diagnostics() {
      return aux.first(SnrDiagnostics.class);
    }

    /**
     * The batch's gradient noise scale, when the optimizer computed it: a signal-to-noise transform
     * or {@link dev.sngrad.optim.snr.ReportNoiseScale} reports it.
     *
     * @return the first {@link NoiseScale} of {@link #aux()}, or empty
     */
    public Optional<NoiseScale> noiseScale() {
      return aux.first(NoiseScale.class);
    }
  }

  /**
   * Takes the next step on {@code batch}. On failure the session keeps the parameters and state
   * from before the step.
   *
   * @param batch the minibatch of inputs {@code [B, ...]} and {@code B} labels
   * @return the step's number, mean loss and auxiliary output
   * @throws NonFiniteException if the loss, a gradient, an update or a new parameter is not finite
   */
  public Report step(Minibatch batch) {
    work.reset();
    Arena into = resultArenas[nextArena];
    into.reset(); // it held the parameters and state before the current ones
    StepResult r = trainStep.apply(params, state, batch, steps, work, into);
    params = r.params();
    state = r.state();
    nextArena = 1 - nextArena;
    return new Report(steps++, r.loss(), r.aux());
  }

  /**
   * A copy of the current parameters.
   *
   * @return the parameters after the last step, in new arrays that later steps do not touch
   */
  public Params params() {
    return params.map(TrainingSession::copy);
  }

  /**
   * A copy of the current optimizer state: its tensors live in a result arena that a later step
   * overwrites.
   *
   * @return the optimizer state after the last step, in new arrays
   */
  public OptState state() {
    Params copy = OptStates.flatten(state).map(TrainingSession::copy);
    return OptStates.restore(trainStep.optimizer(), params, copy);
  }

  /**
   * The number of steps taken, which is the number of the next step.
   *
   * @return steps taken, including those before a {@link #resume}
   */
  public long steps() {
    return steps;
  }

  /**
   * Arrays the session's arenas have allocated so far: constant once steps repeat.
   *
   * @return the number of arrays allocated by the work arena and both result arenas
   */
  public long allocatedArrays() {
    return work.allocations() + resultArenas[0].allocations() + resultArenas[1].allocations();
  }

  private static Tensor copy(Tensor t) {
    return Tensor.of(t.shape(), TensorArrays.data(t));
  }

  @Override
  public String toString() {
    return "TrainingSession[" + trainStep + ", " + steps + " steps]";
  }
}
