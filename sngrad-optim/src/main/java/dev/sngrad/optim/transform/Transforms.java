package dev.sngrad.optim.transform;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.schedule.Schedule;
import dev.sngrad.optim.snr.ScaleBySignalToNoise;
import dev.sngrad.optim.snr.SnrRule;

/**
 * Static factories for the leaf transforms and {@link #chain}, after optax's {@code
 * _src/transform.py}. In the formulas {@code u} is the incoming update, {@code p} the current
 * parameter ({@link StepContext#params()}) and {@code t} the update number (1 for the first update).
 * Every transform computes elementwise in double and stores float32; all are immutable and pure.
 */
public final class Transforms {
  private Transforms() {}

  /**
   * {@code u_out = -learningRate * u} (optax's {@code scale_by_learning_rate}, which negates so that
   * {@link dev.sngrad.optim.Updates#apply} descends). State: {@link EmptyState}.
   *
   * @param learningRate finite; usually positive
   * @return the transform
   * @throws IllegalArgumentException if {@code learningRate} is not finite
   */
  public static GradientTransform<EmptyState> scaleByLearningRate(double learningRate) {
    checkArgument(Double.isFinite(learningRate), "learning rate must be finite, got %s", learningRate);
    return new ScaleByLearningRate(learningRate);
  }

  /**
   * {@code u_out = -schedule(count) * u}, where {@code count} is the number of updates this state
   * has taken (0 first), as optax's {@code scale_by_learning_rate} with a schedule. A non-finite
   * scheduled value fails. State: {@link ScheduleState}.
   *
   * @param schedule gives the learning rate for each update number
   * @return the transform; its update throws {@link IllegalStateException} when the schedule
   *     returns a non-finite value
   * @throws NullPointerException if {@code schedule} is null
   */
  public static GradientTransform<ScheduleState> scaleBySchedule(Schedule schedule) {
    return new ScaleBySchedule(checkNotNull(schedule, "schedule"));
  }

  /**
   * Momentum, optax's {@code trace}: with the buffer {@code tr} (zeros at first),
   *
   * <pre>{@code
   * tr_t  = u + decay * tr_{t-1}
   * u_out = tr_t                       (heavy ball)
   * u_out = u + decay * tr_t           (nesterov)
   * }</pre>
   *
   * State: {@link MomentumState}.
   *
   * @param decay in {@code [0, 1)}
   * @param nesterov true for the Nesterov output {@code u + decay * tr_t}, false for heavy ball
   * @return the transform
   * @throws IllegalArgumentException if {@code decay} is outside {@code [0, 1)}
   */
  public static GradientTransform<MomentumState> trace(double decay, boolean nesterov) {
    checkArgument(decay >= 0 && decay < 1, "decay must be in [0, 1), got %s", decay);
    return new Trace(decay, nesterov);
  }

  /**
   * Adam's rescaling (Kingma and Ba 2015, algorithm 1; optax's {@code scale_by_adam} with {@code
   * eps_root = 0}): with {@code m_0 = v_0 = 0},
   *
   * <pre>{@code
   * m_t   = b1 * m_{t-1} + (1 - b1) * u
   * v_t   = b2 * v_{t-1} + (1 - b2) * u^2
   * u_out = (m_t / (1 - b1^t)) / (sqrt(v_t / (1 - b2^t)) + eps)
   * }</pre>
   *
   * State: {@link AdamState}, whose {@code count} is {@code t - 1} before the update.
   *
   * @param b1 decay of the first moment, in {@code [0, 1)}
   * @param b2 decay of the second moment, in {@code [0, 1)}
   * @param eps finite and {@code >= 0}, added to the denominator
   * @return the transform
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static GradientTransform<AdamState> scaleByAdam(double b1, double b2, double eps) {
    checkArgument(b1 >= 0 && b1 < 1, "b1 must be in [0, 1), got %s", b1);
    checkArgument(b2 >= 0 && b2 < 1, "b2 must be in [0, 1), got %s", b2);
    checkArgument(Double.isFinite(eps) && eps >= 0, "eps must be finite and >= 0, got %s", eps);
    return new ScaleByAdam(b1, b2, eps);
  }

  /**
   * Decoupled weight decay (Loshchilov and Hutter 2019; optax's {@code add_decayed_weights}): {@code
   * u_out = u + weightDecay * p}, with {@code p} from {@link StepContext#params()}. Placed before
   * {@link #scaleByLearningRate}, the decay is scaled by the learning rate as in AdamW. State:
   * {@link EmptyState}.
   *
   * @param weightDecay finite and {@code >= 0}
   * @return the transform
   * @throws IllegalArgumentException if {@code weightDecay} is negative or not finite
   */
  public static GradientTransform<EmptyState> addDecayedWeights(double weightDecay) {
    checkArgument(
        Double.isFinite(weightDecay) && weightDecay >= 0, "weight decay must be finite and >= 0, got %s",
        weightDecay);
    return new AddDecayedWeights(weightDecay);
  }

  /**
   * Clipping by global norm (optax's {@code clip_by_global_norm}): with {@code n = sqrt(sum of u^2
   * over all tensors)} (in double), {@code u_out = u} if {@code n < maxNorm}, else {@code u * maxNorm
   * / n}. State: {@link EmptyState}.
   *
   * @param maxNorm finite and {@code > 0}
   * @return the transform
   * @throws IllegalArgumentException if {@code maxNorm} is not finite and positive
   */
  public static GradientTransform<EmptyState> clipByGlobalNorm(double maxNorm) {
    checkArgument(Double.isFinite(maxNorm) && maxNorm > 0, "max norm must be finite and > 0, got %s", maxNorm);
    return new ClipByGlobalNorm(maxNorm);
  }

  /**
   * The signal-to-noise rescaling {@code u_out = u * factor(mu, sigma^2)} of {@link
   * ScaleBySignalToNoise}, reading the gradient statistics from {@link StepContext#stats()}.
   *
   * @param rule which of the rules I, II, III
   * @param alpha finite and {@code > 0}
   * @param epsilon finite and {@code >= 0}; 0 for the exact rules, {@code 1e-5} for the original
   *     code's (see {@link SnrRule})
   * @return the transform; it needs per-example gradient statistics
   * @throws IllegalArgumentException if {@code alpha} or {@code epsilon} is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static ScaleBySignalToNoise scaleBySignalToNoise(SnrRule rule, double alpha, double epsilon) {
    return ScaleBySignalToNoise.of(rule, alpha, epsilon);
  }

  /**
   * {@link #scaleBySignalToNoise(SnrRule, double, double)} with {@code epsilon = 0}.
   *
   * @param rule which of the rules I, II, III
   * @param alpha finite and {@code > 0}
   * @return the transform; it needs per-example gradient statistics
   * @throws IllegalArgumentException if {@code alpha} is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static ScaleBySignalToNoise scaleBySignalToNoise(SnrRule rule, double alpha) {
    return ScaleBySignalToNoise.of(rule, alpha, 0);
  }

  /**
   * Sequential composition (optax's {@code chain}): {@code update} feeds the updates through the
   * transforms in order, each with its own sub-state and the same {@link StepContext}. State:
   * {@link ChainState}, one sub-state per transform; a sub-state of the wrong type fails with e.g.
   * "state 2 is MomentumState, expected AdamState; was init() called on this chain?" (indices from
   * 0). {@code needsGradientStats()} is true when any transform needs them, {@code
   * perExampleReductions()} is the union of the members' reductions, and the update's auxiliary
   * outputs are the members' in order.
   *
   * <p>The chain knows nothing of its members: when every one is an {@link ElementwiseTransform},
   * so is the chain, and a training step runs it and the parameter update in one pass over each
   * cache-sized block; otherwise each member runs its own update in turn.
   *
   * @param transforms the members, in the order they are applied; at least one
   * @return the chain, an {@link ElementwiseTransform} when every member is one
   * @throws IllegalArgumentException if {@code transforms} is empty
   */
  public static GradientTransform<ChainState> chain(GradientTransform<?>... transforms) {
    checkArgument(transforms.length > 0, "chain needs at least one transform");
    ImmutableList.Builder<ElementwiseTransform<?>> elementwise = ImmutableList.builder();
    for (GradientTransform<?> t : transforms) {
      if (!(t instanceof ElementwiseTransform<?> e)) {
        return new Chain(ImmutableList.copyOf(transforms));
      }
      elementwise.add(e);
    }
    return new ElementwiseChain(elementwise.build());
  }
}
