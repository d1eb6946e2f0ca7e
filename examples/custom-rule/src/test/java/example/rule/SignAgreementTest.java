package example.rule;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignAgreementTest {
  /** Three examples, four parameter elements: agreement worked out by hand. */
  @Test
  void agreementIsTheAbsoluteMeanOfTheSigns() {
    Params perExample = Params.builder().put("w", Tensor.of(new float[] {
        1, -2, 0, 5,
        2, 3, 0, -1,
        3, -4, 0, 2}, 3, 4)).build();
    // signs per column: (+,+,+) -> 1; (-,+,-) -> 1/3; (0,0,0) -> 0; (+,-,+) -> 1/3
    assertThat(SignAgreement.of(perExample))
        .isCloseTo(Params.builder().put("w", Tensor.of(new float[] {1, 1f / 3, 0, 1f / 3}, 4)).build(), 1e-7);
  }

  @Test
  void dampingMultipliesTheUpdateByTheAgreementAndModifiesNothing() {
    Params agreement = Params.builder().put("w", Tensor.vector(1, 0.5f, 0)).build();
    Params updates = Params.builder().put("w", Tensor.vector(-2, 4, 7)).build();
    Params updatesBefore = Params.builder().put("w", Tensor.vector(-2, 4, 7)).build();
    DampBySignAgreement rule = new DampBySignAgreement(agreement);
    Update<EmptyState> out = rule.update(updates, rule.init(updates), StepContext.of(updates, 0));
    assertThat(out.updates()).isCloseTo(Params.builder().put("w", Tensor.vector(-2, 2, 0)).build(), 0);
    assertThat(updates).isCloseTo(updatesBefore, 0);
  }

  /** The agreement of PerExample's gradients equals that of a loop of single-example Grad calls. */
  @Test
  void agreementOfPerExampleGradientsEqualsThatOfALoop() {
    SplittableRandom rng = new SplittableRandom(3);
    ExampleLoss loss = (p, x, labels) -> Ops.softmaxCrossEntropy(
        Ops.biasAdd(Ops.matmul(Ops.tanh(Ops.matmul(x, p.get("w1"))), p.get("w2")), p.get("b2")), labels);
    Params params = Params.builder()
        .put("w1", Tensor.normal(Shape.of(6, 5), 0.5f, rng))
        .put("w2", Tensor.normal(Shape.of(5, 3), 0.5f, rng))
        .put("b2", Tensor.zeros(3))
        .build();
    Tensor x = Tensor.normal(Shape.of(16, 6), 1f, rng);
    int[] labels = rng.ints(16, 0, 3).toArray();
    PerExampleOracle.of(loss).assertGradMatchesLoop(params, x, labels, 1e-5);
    Params fromTransform = SignAgreement.of(PerExample.of(loss).grad(params, x, labels));
    Params fromLoop = SignAgreement.of(PerExampleOracle.loopOfSingleExampleGrads(loss, params, x, labels));
    assertThat(fromTransform).isCloseTo(fromLoop, 0);
  }

  /** With the damping in the chain the step equals the built-in chain applied to the damped mean. */
  @Test
  void aStepDampsTheMeanBeforeTheBuiltInRule() {
    SplittableRandom rng = new SplittableRandom(4);
    ExampleLoss loss = (p, x, labels) -> Ops.softmaxCrossEntropy(Ops.matmul(x, p.get("w")), labels);
    Params params = Params.builder().put("w", Tensor.normal(Shape.of(5, 3), 0.5f, rng)).build();
    Tensor x = Tensor.normal(Shape.of(12, 5), 1f, rng);
    int[] labels = rng.ints(12, 0, 3).toArray();

    SignAgreementTraining damped = new SignAgreementTraining(loss, SnrRule.III, 1.0, 0.1, true);
    Params after = damped.step(damped.start(params), x, labels).params();

    // by hand: mu * a * factor_III(mu, var) * (-lr), with mu, var and a from the loop's gradients
    Params loop = PerExampleOracle.loopOfSingleExampleGrads(loss, params, x, labels);
    var stats = PerExampleOracle.naiveStats(loop);
    float[] a = SignAgreement.of(loop).get("w").toArray();
    float[] mu = stats.mean().get("w").toArray();
    float[] variance = stats.variance().get("w").toArray();
    float[] expected = params.get("w").toArray();
    for (int j = 0; j < expected.length; j++) {
      double factor = 1 - Math.min(Math.sqrt(variance[j]), 1); // rule III, alpha 1
      expected[j] += (float) (-0.1 * mu[j] * a[j] * factor);
    }
    assertThat(after.get("w")).isCloseTo(Tensor.of(Shape.of(5, 3), expected), 1e-6, 1e-5);
    assertThat(after.get("w")).isFinite();
  }

  @Test
  void aShortRunLowersTheTrainingLoss() {
    SplittableRandom rng = new SplittableRandom(5);
    ExampleLoss loss = (p, x, labels) -> Ops.softmaxCrossEntropy(Ops.matmul(x, p.get("w")), labels);
    Tensor x = Tensor.normal(Shape.of(64, 8), 1f, rng);
    Tensor teacher = Tensor.normal(Shape.of(8, 4), 1f, rng);
    int[] labels = new int[64];
    for (int i = 0; i < 64; i++) {
      for (int c = 1; c < 4; c++) {
        if (dot(x, i, teacher, c) > dot(x, i, teacher, labels[i])) {
          labels[i] = c;
        }
      }
    }
    SignAgreementTraining training = new SignAgreementTraining(loss, SnrRule.III, 1.0, 0.5, true);
    SignAgreementTraining.State state = training.start(Params.builder().put("w", Tensor.zeros(8, 4)).build());
    double before = meanLoss(loss, state.params(), x, labels);
    for (int i = 0; i < 30; i++) {
      state = training.step(state, x, labels);
    }
    assertThat(meanLoss(loss, state.params(), x, labels)).isLessThan(0.8 * before);
    assertThat(state.meanAgreement()).isBetween(0.0, 1.0);
  }

  private static double dot(Tensor x, int row, Tensor w, int column) {
    double s = 0;
    for (int k = 0; k < x.shape().dim(1); k++) {
      s += x.get(row, k) * w.get(k, column);
    }
    return s;
  }

  private static double meanLoss(ExampleLoss loss, Params p, Tensor x, int[] labels) {
    Tensor losses = PerExample.of(loss).lossAndGradStats(p, x, labels).losses();
    double s = 0;
    for (int i = 0; i < losses.size(); i++) {
      s += losses.getFlat(i);
    }
    return s / losses.size();
  }
}
