package example.rule;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.EmptyState;

/**
 * The rule "damp where the per-example gradients disagree in sign": {@code u_out = u_in * a}
 * elementwise, with {@code a = |mean_i sign(g_i)|} the batch's {@link SignAgreement}.
 *
 * <p>A {@link GradientTransform} sees the incoming updates, its state and a {@link StepContext},
 * which carries the mean and variance of the per-example gradients but not the gradients
 * themselves. So the agreement of the current batch is computed by the training step and handed to
 * a new instance of this transform for each step ({@link SignAgreementTraining}); its state is
 * empty, so the chain's state carries over from step to step unchanged. Immutable and pure.
 *
 * @param agreement the current batch's agreement, with the names and shapes of the updates
 */
public record DampBySignAgreement(Params agreement) implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
    updates.checkSameStructure(agreement);
    Params.Builder out = Params.builder();
    updates.asMap().forEach((name, u) -> {
      float[] a = agreement.get(name).toArray();
      float[] damped = u.toArray();
      for (int j = 0; j < damped.length; j++) {
        damped[j] *= a[j];
      }
      out.put(name, Tensor.of(u.shape(), damped));
    });
    return new Update<>(out.build(), state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
