package example.rule;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.ReductionResults;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignAgreementTest {
  private static final ExampleLoss LINEAR = (p, x, labels) -> Ops.softmaxCrossEntropy(Ops.matmul(x, p.get("w")), labels);

  /** The agreement of per-example gradients {@code [B, ...]}, added to the accumulators {@code chunk} rows at a time. */
  private static Params agreementOf(Params perExample, int chunk) {
    Params.Builder out = Params.builder();
    perExample.asMap().forEach((name, g) -> {
      PerExampleReduction.Accumulator acc = new SignAgreement().start(name, g.shape().dropFirst());
      for (int from = 0; from < g.shape().dim(0); from += chunk) {
        acc.add(g.slice(from, Math.min(g.shape().dim(0), from + chunk)));
      }
      out.put(name, acc.finish());
    });
    return out.build();
  }

  /** Three examples, four parameter elements: agreement worked out by hand. */
  @Test
  void agreementIsTheAbsoluteMeanOfTheSignsInAnyChunks() {
    Params perExample = Params.builder().put("w", Tensor.of(new float[] {
        1, -2, 0, 5,
        2, 3, 0, -1,
        3, -4, 0, 2}, 3, 4)).build();
    // signs per column: (+,+,+) -> 1; (-,+,-) -> 1/3; (0,0,0) -> 0; (+,-,+) -> 1/3
    Params expected = Params.builder().put("w", Tensor.of(new float[] {1, 1f / 3, 0, 1f / 3}, 4)).build();
    for (int chunk : new int[] {1, 2, 3}) {
      assertThat(agreementOf(perExample, chunk)).as("chunks of %s", chunk).isCloseTo(expected, 1e-7);
    }
  }

  @Test
  void dampingAsksForTheAgreementMultipliesTheUpdateByItAndModifiesNothing() {
    DampBySignAgreement rule = new DampBySignAgreement();
    assertThat(rule.perExampleReductions()).containsExactly(new SignAgreement());

    Params agreement = Params.builder().put("w", Tensor.vector(1, 0.5f, 0)).build();
    Params updates = Params.builder().put("w", Tensor.vector(-2, 4, 7)).build();
    Params updatesBefore = Params.builder().put("w", Tensor.vector(-2, 4, 7)).build();
    StepContext ctx = StepContext.of(updates, 0).withReductions(ReductionResults.of(Map.of(new SignAgreement(), agreement)));
    Update<EmptyState> out = rule.update(updates, rule.init(updates), ctx);
    assertThat(out.updates()).isCloseTo(Params.builder().put("w", Tensor.vector(-2, 2, 0)).build(), 0);
    assertThat(out.aux().first(DampBySignAgreement.Report.class).orElseThrow().meanAgreement()).isEqualTo(0.5);
    assertThat(updates).isCloseTo(updatesBefore, 0);

    assertThatThrownBy(() -> rule.update(updates, rule.init(updates), StepContext.of(updates, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'sign agreement'");
  }

  /**
   * The agreement the per-example pass computes, chunk by chunk, equals a literal loop over the
   * gradients of single-example {@code Grad} calls, and lies in [0, 1].
   */
  @Test
  void agreementOfThePerExamplePassEqualsALiteralLoopOverSingleExampleGrads() {
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

    Params loop = PerExampleOracle.loopOfSingleExampleGrads(loss, params, x, labels);
    for (int chunk : new int[] {0, 5}) {
      Params fromPass = PerExample.of(loss).withChunkSize(chunk)
          .lossAndGradStats(params, x, labels, Set.of(new SignAgreement())).reductions().get(new SignAgreement());
      fromPass.asMap().forEach((name, a) -> {
        Tensor g = loop.get(name);
        int size = a.size();
        for (int j = 0; j < size; j++) {
          int signs = 0;
          for (int i = 0; i < 16; i++) {
            float v = g.getFlat(i * size + j);
            signs += v > 0 ? 1 : v < 0 ? -1 : 0;
          }
          assertThat(a.getFlat(j)).as("%s[%s], chunk %s", name, j, chunk)
              .isEqualTo((float) Math.abs(signs / 16.0))
              .isBetween(0f, 1f);
        }
      });
    }
  }

  /** Identical examples push every weight the same way: the agreement is 1 everywhere. */
  @Test
  void agreementIsOneWhenEveryExampleAgrees() {
    SplittableRandom rng = new SplittableRandom(8);
    Params params = Params.builder().put("w", Tensor.normal(Shape.of(5, 3), 0.5f, rng)).build();
    float[] row = Tensor.uniform(Shape.of(5), 0.5f, 2f, rng).toArray();
    float[] rows = new float[10 * 5];
    for (int i = 0; i < 10; i++) {
      System.arraycopy(row, 0, rows, i * 5, 5);
    }
    Tensor x = Tensor.of(Shape.of(10, 5), rows);
    int[] labels = new int[10]; // all class 0: each g_i = x_i (softmax - onehot)^T, the same for all i
    Params a = PerExample.of(LINEAR).lossAndGradStats(params, x, labels, Set.of(new SignAgreement()))
        .reductions().get(new SignAgreement());
    assertThat(a.get("w")).isCloseTo(Tensor.full(Shape.of(5, 3), 1f), 0);
  }

  /** A step of the library's TrainStep damps the mean by the agreement before the built-in rule. */
  @Test
  void aStepDampsTheMeanBeforeTheBuiltInRule() {
    SplittableRandom rng = new SplittableRandom(4);
    Params params = Params.builder().put("w", Tensor.normal(Shape.of(5, 3), 0.5f, rng)).build();
    Tensor x = Tensor.normal(Shape.of(12, 5), 1f, rng);
    int[] labels = rng.ints(12, 0, 3).toArray();

    TrainStep step = TrainStep.of(LINEAR, CustomRuleTraining.optimizer(true, 0.1));
    Params after = step.apply(params, step.init(params), new Minibatch(x, labels), 0).params();

    // by hand: mu * a * factor_III(mu, var) * (-lr), with mu, var and a from the loop's gradients
    Params loop = PerExampleOracle.loopOfSingleExampleGrads(LINEAR, params, x, labels);
    var stats = PerExampleOracle.naiveStats(loop);
    float[] a = agreementOf(loop, 12).get("w").toArray();
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

  /** A training session with the rule lowers the loss, and takes other steps than rule III alone. */
  @Test
  void aSessionWithTheRuleLowersTheLossAndDiffersFromRuleIiiAlone() {
    SplittableRandom rng = new SplittableRandom(5);
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
    Minibatch batch = new Minibatch(x, labels);
    Params initial = Params.builder().put("w", Tensor.zeros(8, 4)).build();
    TrainingSession damped = TrainingSession.start(TrainStep.of(LINEAR, CustomRuleTraining.optimizer(true, 0.5)), initial);
    TrainingSession ruleIii = TrainingSession.start(TrainStep.of(LINEAR, CustomRuleTraining.optimizer(false, 0.5)), initial);
    double before = meanLoss(initial, x, labels);
    for (int i = 0; i < 30; i++) {
      TrainingSession.Report report = damped.step(batch);
      assertThat(report.aux().first(DampBySignAgreement.Report.class).orElseThrow().meanAgreement())
          .isBetween(0.0, 1.0);
      assertThat(report.diagnostics()).as("rule III runs after the damping").isPresent();
      ruleIii.step(batch);
    }
    assertThat(meanLoss(damped.params(), x, labels)).isLessThan(0.8 * before);
    assertThat(damped.params()).isFinite();
    assertThat(damped.params().get("w")).isNotEqualTo(ruleIii.params().get("w"));
  }

  private static double dot(Tensor x, int row, Tensor w, int column) {
    double s = 0;
    for (int k = 0; k < x.shape().dim(1); k++) {
      s += x.get(row, k) * w.get(k, column);
    }
    return s;
  }

  private static double meanLoss(Params p, Tensor x, int[] labels) {
    Tensor losses = PerExample.of(LINEAR).lossAndGradStats(p, x, labels).losses();
    double s = 0;
    for (int i = 0; i < losses.size(); i++) {
      s += losses.getFlat(i);
    }
    return s / losses.size();
  }
}
