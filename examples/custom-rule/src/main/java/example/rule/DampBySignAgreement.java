package example.rule;

import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.EmptyState;
import java.util.Set;

/**
 * The rule "damp where the per-example gradients disagree in sign": {@code u_out = u_in * a}
 * elementwise, with {@code a = |mean_i sign(g_i)|} the batch's {@link SignAgreement}.
 *
 * <p>It asks for the agreement in {@link #perExampleReductions()}, so sngrad's training step
 * ({@code TrainStep}, {@code TrainingSession}) computes it from the per-example gradients of each
 * batch and hands it over in the {@link StepContext}. It composes with the built-in rules:
 *
 * <pre>{@code
 * Transforms.chain(new DampBySignAgreement(), Transforms.scaleBySignalToNoise(SnrRule.III, 1.0),
 *     Transforms.scaleByLearningRate(0.1))
 * }</pre>
 *
 * Each update reports the mean agreement over all parameter elements ({@link Report}). Immutable
 * and pure; its state is empty.
 */
public record DampBySignAgreement() implements GradientTransform<EmptyState> {
  private static final SignAgreement AGREEMENT = new SignAgreement();

  /**
   * What an update reports.
   *
   * @param meanAgreement the mean of {@code a} over every element of every parameter, in [0, 1]
   */
  public record Report(double meanAgreement) {}

  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Set<PerExampleReduction> perExampleReductions() {
    return Set.of(AGREEMENT);
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    Params agreement = ctx.reduction(AGREEMENT);
    updates.checkSameStructure(agreement);
    Params.Builder out = Params.builder();
    double sum = 0;
    long count = 0;
    for (var e : updates.asMap().entrySet()) {
      float[] a = agreement.get(e.getKey()).toArray();
      float[] damped = e.getValue().toArray();
      for (int j = 0; j < damped.length; j++) {
        damped[j] *= a[j];
        sum += a[j];
      }
      count += a.length;
      out.put(e.getKey(), Tensor.of(e.getValue().shape(), damped));
    }
    return new Update<>(out.build(), state, AuxOutput.of(new Report(sum / count)));
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
