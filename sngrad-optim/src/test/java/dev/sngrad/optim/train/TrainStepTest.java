package dev.sngrad.optim.train;

import static dev.sngrad.optim.ParamsAssert.assertThatParams;
import static dev.sngrad.optim.ParamsAssert.deepCopy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import dev.sngrad.optim.snr.SnrDiagnostics;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.ChainState;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One step on a tiny linear softmax model {@code softmax(x W + b)} with 4 features and 3 classes. */
class TrainStepTest {
  static final int FEATURES = 4;
  static final int CLASSES = 3;

  /** Per-example softmax cross-entropy of the linear model. */
  static final ExampleLoss LINEAR_SOFTMAX =
      (p, x, labels) ->
          Ops.softmaxCrossEntropy(Ops.biasAdd(Ops.matmul(x, p.get("dense/weight")), p.get("dense/bias")), labels);

  static Params initialParams() {
    SplittableRandom rng = new SplittableRandom(1);
    return Params.builder()
        .put("dense/weight", Tensor.normal(Shape.of(FEATURES, CLASSES), 0.5f, rng))
        .put("dense/bias", Tensor.zeros(CLASSES))
        .build();
  }

  static Minibatch batch(int examples, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor x = Tensor.normal(Shape.of(examples, FEATURES), 1f, rng);
    int[] labels = new int[examples];
    for (int i = 0; i < examples; i++) {
      // learnable labels: the class of the largest of the first three features
      float a = x.get(i, 0);
      float b = x.get(i, 1);
      float c = x.get(i, 2);
      labels[i] = a >= b && a >= c ? 0 : b >= c ? 1 : 2;
    }
    return new Minibatch(x, labels);
  }

  @Test
  void plainAndStatisticsPathsAgreeWhenTheFactorIsOne() {
    // rule I with alpha = 1e-30: factor = min(1 / (1e-30 * sigma), 1) = 1 for every sigma < 1e30,
    // and rule III: 1 - min(1e-30 * sigma, 1) = 1 in double
    TrainStep plain = TrainStep.of(LINEAR_SOFTMAX, Optimizers.sgd(0.5));
    for (SnrRule rule : new SnrRule[] {SnrRule.I, SnrRule.III}) {
      TrainStep withStats = TrainStep.of(LINEAR_SOFTMAX, Optimizers.sgdSnr(0.5, rule, 1e-30));
      Params p1 = initialParams();
      Params p2 = initialParams();
      OptState s1 = plain.init(p1);
      OptState s2 = withStats.init(p2);
      for (int step = 0; step < 5; step++) {
        Minibatch b = batch(16, 100 + step);
        StepResult r1 = plain.apply(p1, s1, b, step);
        StepResult r2 = withStats.apply(p2, s2, b, step);
        assertThat(r2.loss()).isCloseTo(r1.loss(), within(1e-5));
        assertThatParams(r2.params()).isCloseTo(r1.params(), 1e-5);
        assertThat(r1.diagnostics()).isEmpty();
        SnrDiagnostics d = r2.diagnostics().orElseThrow();
        assertThat(d.meanFactor()).isEqualTo(1.0);
        assertThat(d.dampedFraction()).isZero();
        p1 = r1.params();
        s1 = r1.state();
        p2 = r2.params();
        s2 = r2.state();
      }
    }
  }

  @Test
  void chunkedStatisticsGiveTheSameStep() {
    GradientTransform<?> opt = Optimizers.sgdSnr(0.5, SnrRule.I, 0.3);
    TrainStep whole = TrainStep.of(LINEAR_SOFTMAX, opt);
    TrainStep chunked = whole.withChunkSize(5);
    Params p = initialParams();
    Minibatch b = batch(16, 7);
    StepResult r1 = whole.apply(p, whole.init(p), b, 0);
    StepResult r2 = chunked.apply(p, chunked.init(p), b, 0);
    assertThatParams(r2.params()).isCloseTo(r1.params(), 1e-6);
    assertThat(r2.diagnostics().orElseThrow().meanFactor())
        .isCloseTo(r1.diagnostics().orElseThrow().meanFactor(), within(1e-6));
  }

  @Test
  void sgdOnTheAdjustedGradientStepsFromMomentsWithTheBitsOfTheGeneralPath() {
    // TrainStep takes this optimizer's steps in one pass from the fused moments; the reference is
    // the general path written out: statistics, update, Updates.apply.
    for (SnrRule rule : SnrRule.values()) {
      for (int examples : new int[] {16, 13}) {
        GradientTransform<ChainState> opt = Optimizers.sgdSnr(0.5, rule, 0.3);
        ExecutionContext context = ExecutionContext.threads(2);
        TrainStep step = TrainStep.of(LINEAR_SOFTMAX, opt).withContext(context);
        Params p = initialParams();
        OptState s = step.init(p);
        Params expectedParams = p;
        OptState expectedState = s;
        for (int t = 0; t < 4; t++) {
          Minibatch b = batch(examples, 40 + t);
          StepResult r = step.apply(p, s, b, t);
          PerExample.LossAndStats ls =
              PerExample.of(LINEAR_SOFTMAX).withContext(context).lossAndGradStats(expectedParams, b.inputs(), b.labels());
          Update<ChainState> u = opt.update(ls.stats().mean(), opt.castState(expectedState),
              StepContext.withStats(expectedParams, ls.stats(), t).withExecution(context));
          expectedParams = Updates.apply(expectedParams, u.updates());
          expectedState = u.state();
          String what = "rule " + rule + ", " + examples + " examples, step " + t;
          assertThat(r.params()).as(what).isEqualTo(expectedParams);
          assertThat(r.state()).as(what).isEqualTo(expectedState);
          assertThat(r.loss()).as(what).isEqualTo(meanOf(ls.losses()));
          p = r.params();
          s = r.state();
        }
      }
    }
  }

  @Test
  void sgdStepsFromTheGradientWithTheBitsOfTheGeneralPath() {
    // TrainStep takes plain SGD's steps in one pass from the gradient; the reference is the
    // general path written out: gradient, update, Updates.apply.
    GradientTransform<ChainState> opt = Optimizers.sgd(0.7);
    TrainStep step = TrainStep.of(LINEAR_SOFTMAX, opt);
    Params p = initialParams();
    OptState s = step.init(p);
    for (int t = 0; t < 4; t++) {
      Minibatch b = batch(16, 60 + t);
      StepResult r = step.apply(p, s, b, t);
      Params at = p;
      Grad.ValueAndGrad vg =
          Grad.of(q -> Ops.mean(LINEAR_SOFTMAX.apply(q, Var.constant(b.inputs()), b.labels()))).valueAndGrad(at);
      Update<ChainState> u = opt.update(vg.grad(), opt.castState(s), StepContext.of(p, t));
      assertThat(r.params()).as("step %s", t).isEqualTo(Updates.apply(p, u.updates()));
      assertThat(r.state()).isEqualTo(u.state());
      assertThat(r.loss()).isEqualTo((double) vg.value().item());
      p = r.params();
      s = r.state();
    }
  }

  /** The mean in double, summed in order, as the training step reports it. */
  private static double meanOf(Tensor losses) {
    double sum = 0;
    for (float v : TensorArrays.data(losses)) {
      sum += v;
    }
    return sum / losses.size();
  }

  @Test
  void aStepReducesTheLossAndModifiesNoArgument() {
    TrainStep step = TrainStep.of(LINEAR_SOFTMAX, Optimizers.adam(0.05));
    Params p = initialParams();
    Params copy = deepCopy(p);
    Minibatch b = batch(32, 3);
    Tensor inputsCopy = Tensor.of(b.inputs().shape(), b.inputs().toArray());
    OptState s = step.init(p);
    StepResult first = step.apply(p, s, b, 0);
    StepResult again = step.apply(p, s, b, 0);
    assertThat(again.params()).isEqualTo(first.params());
    assertThat(again.state()).isEqualTo(first.state());
    assertThat(p).isEqualTo(copy);
    assertThat(b.inputs()).isEqualTo(inputsCopy);
    StepResult r = first;
    for (int i = 1; i < 30; i++) {
      r = step.apply(r.params(), r.state(), b, i);
    }
    assertThat(r.loss()).isLessThan(first.loss());
  }

  @Test
  void nanInputsThrowNamingTheStepAndAParameter() {
    Minibatch good = batch(8, 5);
    float[] x = good.inputs().toArray();
    x[5] = Float.NaN;
    Minibatch bad = new Minibatch(Tensor.of(good.inputs().shape(), x), good.labels());
    for (GradientTransform<?> opt :
        List.<GradientTransform<?>>of(Optimizers.sgd(0.1), Optimizers.sgdSnr(0.1, SnrRule.II, 1.0))) {
      TrainStep step = TrainStep.of(LINEAR_SOFTMAX, opt);
      Params p = initialParams();
      assertThatThrownBy(() -> step.apply(p, step.init(p), bad, 7))
          .isInstanceOf(NonFiniteException.class)
          .hasMessageStartingWith("step 7: gradient")
          .hasMessageContaining("of 'dense/")
          .hasMessageContaining("NaN")
          .satisfies(
              e -> {
                NonFiniteException n = (NonFiniteException) e;
                assertThat(n.step()).isEqualTo(7);
                assertThat(n.parameter()).startsWith("dense/");
                assertThat(n.value()).isNaN();
              });
    }
  }

  @Test
  void aHugeLearningRateThrowsNamingTheStepAndAParameter() {
    // -1e39 * g overflows float32 for any |g| > 3.4e-1: the update is infinite
    TrainStep step = TrainStep.of(LINEAR_SOFTMAX, Optimizers.sgd(1e39));
    Params p = initialParams();
    assertThatThrownBy(() -> step.apply(p, step.init(p), batch(16, 9), 3))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageStartingWith("step 3: update of 'dense/")
        .hasMessageContaining("Infinity");
  }

  @Test
  void aHugeLearningRateOnTheAdjustedGradientThrowsNamingTheUpdate() {
    // the one-pass step sees the overflow and leaves the report to the general path
    TrainStep step = TrainStep.of(LINEAR_SOFTMAX, Optimizers.sgdSnr(1e39, SnrRule.III, 1e-6));
    Params p = initialParams();
    assertThatThrownBy(() -> step.apply(p, step.init(p), batch(16, 9), 3))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageStartingWith("step 3: update of 'dense/")
        .hasMessageContaining("Infinity");
  }

  @Test
  void aNonFiniteLossThrowsNamingTheLoss() {
    // the gradient of (loss + inf) is the finite gradient of the loss; only the value is infinite
    ExampleLoss infinite = (p, x, labels) -> Ops.addScalar(LINEAR_SOFTMAX.apply(p, x, labels), Float.POSITIVE_INFINITY);
    TrainStep step = TrainStep.of(infinite, Optimizers.sgd(0.1));
    Params p = initialParams();
    assertThatThrownBy(() -> step.apply(p, step.init(p), batch(4, 1), 12))
        .isInstanceOf(NonFiniteException.class)
        .hasMessage("step 12: loss is not finite: Infinity")
        .satisfies(e -> assertThat(((NonFiniteException) e).parameter()).isEqualTo("loss"));
  }

  @Test
  void theStateOfAnotherOptimizerFails() {
    TrainStep step = TrainStep.of(LINEAR_SOFTMAX, Optimizers.adam(0.1));
    Params p = initialParams();
    OptState momentumState = Optimizers.momentum(0.1, 0.9, false).init(p);
    assertThatThrownBy(() -> step.apply(p, momentumState, batch(4, 1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state 0 is MomentumState, expected AdamState; was init() called on this chain?");
  }

  @Test
  void minibatchChecksAndCopiesItsLabels() {
    int[] labels = {0, 1};
    Minibatch b = new Minibatch(Tensor.zeros(2, FEATURES), labels);
    labels[0] = 2;
    assertThat(b.labels()).containsExactly(0, 1);
    b.labels()[1] = 2;
    assertThat(b.labels()).containsExactly(0, 1);
    assertThatThrownBy(() -> new Minibatch(Tensor.zeros(3, FEATURES), new int[] {0, 1}))
        .hasMessageContaining("need one label per example");
  }

  /**
   * {@link #LINEAR_SOFTMAX} with example {@code k} of the batch at step {@code n} weighted by {@code
   * 1 + (7n + k) mod 3}: a stand-in for a dropout mask, drawn by the step and the example's index in
   * the whole batch.
   */
  static StepLoss weightedByStepAndExample(List<Long> stepsAsked) {
    return step -> {
      stepsAsked.add(step);
      return new ExampleLoss() {
        @Override
        public Var apply(dev.sngrad.autodiff.Vars p, Var x, int[] labels) {
          return applyFrom(p, x, labels, 0);
        }

        @Override
        public Var applyFrom(dev.sngrad.autodiff.Vars p, Var x, int[] labels, int firstExample) {
          Var losses = LINEAR_SOFTMAX.apply(p, x, labels);
          float[] w = new float[labels.length];
          for (int r = 0; r < w.length; r++) {
            w[r] = 1 + (7 * (int) step + firstExample + r) % 3;
          }
          return Ops.mul(losses, losses.constantAlong(TensorArrays.wrap(Shape.of(w.length), w)));
        }
      };
    };
  }

  @Test
  void aStepLossIsAskedForEachStepAndBothPathsSeeTheSameDrawsAtAnyChunkSize() {
    List<Long> asked = new java.util.ArrayList<>();
    StepLoss loss = weightedByStepAndExample(asked);
    TrainStep plain = TrainStep.of(loss, Optimizers.sgd(0.5));
    Minibatch b = batch(7, 5);
    Params p = initialParams();
    for (long step : new long[] {0, 1, 4}) {
      StepResult expected = plain.apply(p, plain.init(p), b, step);
      for (int chunk : new int[] {0, 2, 3}) {
        TrainStep withStats = TrainStep.of(loss, Optimizers.sgdSnr(0.5, SnrRule.I, 1e-30)).withChunkSize(chunk);
        StepResult r = withStats.apply(p, withStats.init(p), b, step);
        assertThat(r.loss()).as("step %s, chunk %s", step, chunk).isCloseTo(expected.loss(), within(1e-5));
        assertThatParams(r.params()).isCloseTo(expected.params(), 1e-5f);
      }
    }
    assertThat(asked).startsWith(0L, 0L, 0L, 0L).contains(1L, 4L);
    // the weights matter: steps 0 and 1 weight the examples differently
    assertThat(plain.apply(p, plain.init(p), b, 1).loss()).isNotEqualTo(plain.apply(p, plain.init(p), b, 0).loss());
  }
}
