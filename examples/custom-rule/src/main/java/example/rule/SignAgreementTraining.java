package example.rule;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.Transforms;

/**
 * Training steps with {@link DampBySignAgreement} in the optimizer chain, before sngrad's built-in
 * signal-to-noise rule and the learning rate:
 *
 * <pre>{@code
 * Transforms.chain(new DampBySignAgreement(a), Transforms.scaleBySignalToNoise(rule, alpha),
 *     Transforms.scaleByLearningRate(learningRate))
 * }</pre>
 *
 * <p>Each step materializes the per-example gradients once ({@code PerExample.grad}), takes their
 * mean and variance from a {@link GradientStatsAccumulator} and their sign agreement from {@link
 * SignAgreement}, and updates the parameters. {@code TrainStep} cannot run this rule: it gives a
 * transform only the mean and variance. With {@code withSignAgreement = false} the same steps run
 * the built-in rule alone, for comparison. Immutable.
 *
 * @param loss the per-example loss
 * @param rule the built-in rule
 * @param alpha the built-in rule's {@code alpha}
 * @param learningRate the step size
 * @param withSignAgreement whether the chain holds the sign-agreement damping
 */
public record SignAgreementTraining(
    ExampleLoss loss, SnrRule rule, double alpha, double learningRate, boolean withSignAgreement) {

  /** The parameters and optimizer state after a step, and that step's mean agreement. */
  public record State(Params params, ChainState optimizerState, long step, double meanAgreement) {}

  /** The chain with the given agreement (ignored without sign agreement). */
  GradientTransform<ChainState> optimizer(Params agreement) {
    GradientTransform<?> builtIn = Transforms.scaleBySignalToNoise(rule, alpha);
    GradientTransform<?> rate = Transforms.scaleByLearningRate(learningRate);
    return withSignAgreement
        ? Transforms.chain(new DampBySignAgreement(agreement), builtIn, rate)
        : Transforms.chain(builtIn, rate);
  }

  /** The state before the first step. */
  public State start(Params params) {
    Params ones = params.map(t -> Tensor.full(t.shape(), 1f));
    return new State(params, optimizer(ones).init(params), 0, 1);
  }

  /**
   * One step on a batch.
   *
   * @param state the state before the step (not modified)
   * @param inputs the batch, one example per row of axis 0
   * @param labels one label per example
   * @return the state after the step
   */
  public State step(State state, Tensor inputs, int[] labels) {
    Params perExample = PerExample.of(loss).grad(state.params(), inputs, labels);
    GradientStatsAccumulator accumulator = new GradientStatsAccumulator();
    perExample.asMap().forEach(accumulator::addExamples);
    GradientStats stats = accumulator.snapshot();
    Params agreement = SignAgreement.of(perExample);
    Update<ChainState> update = optimizer(agreement)
        .update(stats.mean(), state.optimizerState(), StepContext.withStats(state.params(), stats, state.step()));
    return new State(Updates.apply(state.params(), update.updates()), update.state(), state.step() + 1,
        meanOf(agreement));
  }

  private static double meanOf(Params p) {
    double sum = 0;
    long count = 0;
    for (Tensor t : p.asMap().values()) {
      for (int i = 0; i < t.size(); i++) {
        sum += t.getFlat(i);
      }
      count += t.size();
    }
    return sum / count;
  }
}
