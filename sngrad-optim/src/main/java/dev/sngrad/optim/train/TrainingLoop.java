package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.OptState;
import java.util.function.IntFunction;

/**
 * Runs {@link TrainStep}s over epochs: for epoch {@code e} (from 0) it asks {@code batches.apply(e)}
 * for the minibatches, so the caller decides the order (e.g. reshuffles with a seed derived from
 * {@code e}). A {@link Listener} sees every step and every epoch. Holds no mutable state; a run's
 * progress is in the returned {@link State}. Each step is a {@link TrainStep#apply}, which
 * allocates its values; a {@link TrainingSession} takes the same steps in reused buffers.
 */
public final class TrainingLoop {
  private final TrainStep trainStep;
  private final Listener listener;

  private TrainingLoop(TrainStep trainStep, Listener listener) {
    this.trainStep = checkNotNull(trainStep, "trainStep");
    this.listener = checkNotNull(listener, "listener");
  }

  /** A loop taking {@code trainStep}s and reporting to {@code listener}. */
  public static TrainingLoop of(TrainStep trainStep, Listener listener) {
    return new TrainingLoop(trainStep, listener);
  }

  /** Callbacks after each step and each epoch; both do nothing by default. */
  public interface Listener {
    /** After step {@code step} (from 0) of epoch {@code epoch}. */
    default void onStep(int epoch, long step, StepResult result) {}

    /** After epoch {@code epoch}, with the mean of its step losses. */
    default void onEpoch(int epoch, State state, double meanLoss) {}
  }

  /**
   * Where training stands. Immutable.
   *
   * @param params the parameters
   * @param optState the optimizer state
   * @param step the number of steps taken, which is the number of the next step
   */
  public record State(Params params, OptState optState, long step) {
    /** Checks the components. */
    public State {
      checkNotNull(params, "params");
      checkNotNull(optState, "optState");
      checkArgument(step >= 0, "step must be >= 0, got %s", step);
    }
  }

  /** The state before training from {@code params}: the optimizer's initial state, step 0. */
  public State start(Params params) {
    return new State(params, trainStep.init(params), 0);
  }

  /**
   * Trains {@code epochs} epochs from {@code start}; epoch numbers continue from {@code
   * firstEpoch}. An epoch with no minibatches fails.
   */
  public State run(State start, int firstEpoch, int epochs, IntFunction<? extends Iterable<Minibatch>> batches) {
    checkArgument(firstEpoch >= 0, "first epoch must be >= 0, got %s", firstEpoch);
    checkArgument(epochs >= 0, "epochs must be >= 0, got %s", epochs);
    State state = start;
    for (int epoch = firstEpoch; epoch < firstEpoch + epochs; epoch++) {
      double lossSum = 0;
      int count = 0;
      for (Minibatch batch : batches.apply(epoch)) {
        StepResult r = trainStep.apply(state.params(), state.optState(), batch, state.step());
        listener.onStep(epoch, state.step(), r);
        state = new State(r.params(), r.state(), state.step() + 1);
        lossSum += r.loss();
        count++;
      }
      checkArgument(count > 0, "epoch %s has no minibatches", epoch);
      listener.onEpoch(epoch, state, lossSum / count);
    }
    return state;
  }

  /** Trains {@code epochs} epochs from {@code params}, epochs numbered from 0. */
  public State run(Params params, int epochs, IntFunction<? extends Iterable<Minibatch>> batches) {
    return run(start(params), 0, epochs, batches);
  }
}
