package dev.sngrad.optim.train;

import static dev.sngrad.optim.ParamsAssert.deepCopy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.OptStates;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.schedule.Schedules;
import dev.sngrad.optim.snr.ReportNoiseScale;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.Transforms;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A session's steps against {@link TrainStep#apply}, on a ReLU MLP with 4 inputs, 8 hidden units and 3 classes. */
class TrainingSessionTest {
  private static final ExampleLoss MLP = (p, x, labels) -> {
    var hidden = Ops.relu(Ops.biasAdd(Ops.matmul(x, p.get("hidden/weight")), p.get("hidden/bias")));
    return Ops.softmaxCrossEntropy(Ops.biasAdd(Ops.matmul(hidden, p.get("out/weight")), p.get("out/bias")), labels);
  };

  private static Params initialParams() {
    SplittableRandom rng = new SplittableRandom(5);
    return Params.builder()
        .put("hidden/weight", Tensor.normal(Shape.of(TrainStepTest.FEATURES, 8), 0.7f, rng))
        .put("hidden/bias", Tensor.normal(Shape.of(8), 0.1f, rng))
        .put("out/weight", Tensor.normal(Shape.of(8, TrainStepTest.CLASSES), 0.5f, rng))
        .put("out/bias", Tensor.zeros(TrainStepTest.CLASSES))
        .build();
  }

  private static final List<GradientTransform<?>> OPTIMIZERS = List.of(
      Optimizers.sgd(0.5),
      Optimizers.sgdSnr(0.5, SnrRule.I, 0.3),
      Optimizers.sgdSnr(0.5, SnrRule.II, 0.3),
      Optimizers.sgdSnr(0.5, SnrRule.III, 0.3),
      Optimizers.momentum(0.2, 0.9, true),
      Optimizers.momentumSnr(0.2, 0.9, false, SnrRule.III, 0.1),
      Optimizers.adam(0.05),
      Optimizers.adamw(0.05, 0.9, 0.999, 1e-8, 0.01),
      Optimizers.adamSnr(0.05, SnrRule.II, 0.3),
      Transforms.chain(new ReportNoiseScale(), Optimizers.sgd(0.5)),
      Transforms.chain(Transforms.clipByGlobalNorm(0.1), Transforms.scaleBySchedule(Schedules.cosine(0.5, 6, 0.05))));

  @Test
  void stepsHaveTheBitsOfTrainStepApply() {
    for (GradientTransform<?> optimizer : OPTIMIZERS) {
      for (int chunk : new int[] {0, 5}) {
        TrainStep step = TrainStep.of(MLP, optimizer).withChunkSize(chunk).withContext(ExecutionContext.threads(2));
        TrainingSession session = TrainingSession.start(step, initialParams());
        Params params = initialParams();
        OptState state = step.init(params);
        for (int t = 0; t < 6; t++) {
          // a smaller batch in the middle, as at the end of an epoch
          Minibatch batch = TrainStepTest.batch(t == 3 ? 13 : 16, 80 + t);
          StepResult expected = step.apply(params, state, batch, t);
          TrainingSession.Report report = session.step(batch);
          String what = optimizer + ", chunk " + chunk + ", step " + t;
          assertThat(report.step()).as(what).isEqualTo(t);
          assertThat(report.loss()).as(what).isEqualTo(expected.loss());
          assertThat(report.diagnostics()).as(what).isEqualTo(expected.diagnostics());
          assertThat(report.noiseScale()).as(what).isEqualTo(expected.noiseScale());
          assertThat(report.noiseScale().isPresent()).as(what).isEqualTo(optimizer.needsGradientStats());
          assertThat(session.params()).as(what).isEqualTo(expected.params());
          assertThat(session.state()).as(what).isEqualTo(expected.state());
          params = expected.params();
          state = expected.state();
        }
        assertThat(session.steps()).isEqualTo(6);
      }
    }
  }

  @Test
  void stepsOnBatchesOfOneSizeAllocateNoNewArraysAfterTheFirstTwo() {
    for (GradientTransform<?> optimizer : OPTIMIZERS) {
      TrainingSession session = TrainingSession.start(TrainStep.of(MLP, optimizer), initialParams());
      // the first two steps fill the work arena and both parameter arenas
      session.step(TrainStepTest.batch(16, 1));
      session.step(TrainStepTest.batch(16, 2));
      long arrays = session.allocatedArrays();
      for (int t = 0; t < 4; t++) {
        session.step(TrainStepTest.batch(16, 3 + t));
      }
      assertThat(session.allocatedArrays()).as("%s", optimizer).isEqualTo(arrays);
    }
  }

  @Test
  void copiesOfTheParametersOutliveLaterSteps() {
    TrainingSession session = TrainingSession.start(TrainStep.of(MLP, Optimizers.sgd(0.5)), initialParams());
    session.step(TrainStepTest.batch(16, 1));
    Params copy = session.params();
    Params saved = deepCopy(copy);
    for (int t = 0; t < 3; t++) {
      session.step(TrainStepTest.batch(16, 2 + t));
    }
    assertThat(copy).isEqualTo(saved);
    assertThat(session.params()).isNotEqualTo(saved);
  }

  @Test
  void copiesOfTheStateOutliveLaterSteps() {
    TrainStep step = TrainStep.of(MLP, Optimizers.adam(0.05));
    TrainingSession session = TrainingSession.start(step, initialParams());
    session.step(TrainStepTest.batch(16, 1));
    session.step(TrainStepTest.batch(16, 2));
    OptState copy = session.state();
    Params saved = deepCopy(OptStates.flatten(copy));
    for (int t = 0; t < 3; t++) {
      session.step(TrainStepTest.batch(16, 3 + t));
    }
    assertThat(OptStates.flatten(copy)).isEqualTo(saved);
    assertThat(OptStates.flatten(session.state())).isNotEqualTo(saved);
  }

  @Test
  void aFailedStepKeepsTheParametersAndStateFromBefore() {
    // A bias of 200 on class 0 makes the class-0 batch's gradient (all but) zero, so that even a
    // learning rate of 1e39 takes a finite first step. The class-1 batch's gradient is of order
    // one, and -1e39 * g overflows float32 for |g| > 0.34: the one-pass step fails after writing
    // some new parameters, which must not be the current ones.
    Params confident = initialParams().map(t -> t.shape().equals(Shape.of(TrainStepTest.CLASSES))
        ? Tensor.vector(200f, 0f, 0f) : t);
    Tensor x = TrainStepTest.batch(16, 1).inputs();
    Minibatch classZero = new Minibatch(x, new int[16]);
    int[] ones = new int[16];
    java.util.Arrays.fill(ones, 1);
    Minibatch classOne = new Minibatch(x, ones);
    for (GradientTransform<?> optimizer : List.of(Optimizers.sgd(1e39), Optimizers.sgdSnr(1e39, SnrRule.III, 1e-6))) {
      TrainStep step = TrainStep.of(MLP, optimizer);
      TrainingSession session = TrainingSession.resume(step, confident, step.init(confident), 7);
      session.step(classZero);
      Params before = session.params();
      OptState stateBefore = session.state();
      assertThat(before.isFinite()).isTrue();
      assertThatThrownBy(() -> session.step(classOne))
          .isInstanceOf(NonFiniteException.class)
          .hasMessageStartingWith("step 8: update of ");
      assertThat(session.params()).as("%s", optimizer).isEqualTo(before);
      assertThat(session.state()).isEqualTo(stateBefore);
      assertThat(session.steps()).isEqualTo(8);
    }
  }
}
