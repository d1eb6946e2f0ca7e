package dev.sngrad.optim.transform;

import static dev.sngrad.optim.ParamsAssert.assertThatParams;
import static dev.sngrad.optim.ParamsAssert.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.schedule.Schedules;
import org.junit.jupiter.api.Test;

/** Hand-computed values of each leaf and the chain's state checks. */
class TransformsTest {
  private static final Params ZERO_PARAMS = vector("w", 0f, 0f);
  private static final StepContext CTX = StepContext.of(ZERO_PARAMS, 0);

  @Test
  void scaleByLearningRateNegates() {
    GradientTransform<EmptyState> t = Transforms.scaleByLearningRate(0.1);
    // -0.1 * [1, -2] = [-0.1, 0.2]
    assertThatParams(t.update(vector("w", 1f, -2f), t.init(ZERO_PARAMS), CTX).updates())
        .isCloseTo(vector("w", -0.1f, 0.2f), 1e-8);
  }

  @Test
  void scaleByScheduleCountsItsOwnSteps() {
    GradientTransform<ScheduleState> t = Transforms.scaleBySchedule(Schedules.step(1.0, 2, 0.5));
    Params u = vector("w", 1f, 2f);
    ScheduleState s = t.init(ZERO_PARAMS);
    // counts 0 and 1: lr 1 -> [-1, -2]; count 2: lr 1 * 0.5 -> [-0.5, -1]
    Update<ScheduleState> u0 = t.update(u, s, CTX);
    Update<ScheduleState> u1 = t.update(u, u0.state(), CTX);
    Update<ScheduleState> u2 = t.update(u, u1.state(), CTX);
    assertThatParams(u0.updates()).isCloseTo(vector("w", -1f, -2f), 0);
    assertThatParams(u1.updates()).isCloseTo(vector("w", -1f, -2f), 0);
    assertThatParams(u2.updates()).isCloseTo(vector("w", -0.5f, -1f), 0);
    assertThat(u2.state().count()).isEqualTo(3);
  }

  @Test
  void traceIsHeavyBallMomentum() {
    GradientTransform<MomentumState> t = Transforms.trace(0.9, false);
    Params g = vector("w", 1f, -1f);
    // tr_1 = 1 + 0.9 * 0 = 1; tr_2 = 1 + 0.9 * 1 = 1.9; output = trace
    Update<MomentumState> u1 = t.update(g, t.init(ZERO_PARAMS), CTX);
    Update<MomentumState> u2 = t.update(g, u1.state(), CTX);
    assertThatParams(u1.updates()).isCloseTo(vector("w", 1f, -1f), 1e-7);
    assertThatParams(u2.updates()).isCloseTo(vector("w", 1.9f, -1.9f), 1e-7);
    assertThatParams(u2.state().trace()).isCloseTo(vector("w", 1.9f, -1.9f), 1e-7);
  }

  @Test
  void nesterovLooksAhead() {
    GradientTransform<MomentumState> t = Transforms.trace(0.9, true);
    Params g = vector("w", 1f, -1f);
    // tr_1 = 1, out_1 = 1 + 0.9 * 1 = 1.9; tr_2 = 1 + 0.9 * 1 = 1.9, out_2 = 1 + 0.9 * 1.9 = 2.71
    Update<MomentumState> u1 = t.update(g, t.init(ZERO_PARAMS), CTX);
    Update<MomentumState> u2 = t.update(g, u1.state(), CTX);
    assertThatParams(u1.updates()).isCloseTo(vector("w", 1.9f, -1.9f), 1e-7);
    assertThatParams(u2.updates()).isCloseTo(vector("w", 2.71f, -2.71f), 1e-6);
    assertThatParams(u2.state().trace()).isCloseTo(vector("w", 1.9f, -1.9f), 1e-7);
  }

  @Test
  void addDecayedWeightsReadsTheParameters() {
    GradientTransform<EmptyState> t = Transforms.addDecayedWeights(0.1);
    Params p = vector("w", 2f, -3f);
    // [1, 1] + 0.1 * [2, -3] = [1.2, 0.7]
    assertThatParams(t.update(vector("w", 1f, 1f), t.init(p), StepContext.of(p, 0)).updates())
        .isCloseTo(vector("w", 1.2f, 0.7f), 1e-7);
  }

  @Test
  void clipByGlobalNormRescalesOnlyLongUpdates() {
    GradientTransform<EmptyState> t = Transforms.clipByGlobalNorm(1.0);
    Params twoTensors = Params.builder().put("a", Tensor.vector(3f))
        .put("b", Tensor.vector(4f)).build();
    // norm sqrt(9 + 16) = 5 over both tensors -> scale 1/5: [0.6], [0.8]
    Params clipped = t.update(twoTensors, EmptyState.instance(), StepContext.of(twoTensors.zerosLike(), 0)).updates();
    assertThat(clipped.get("a").item()).isEqualTo(0.6f);
    assertThat(clipped.get("b").item()).isEqualTo(0.8f);
    // norm sqrt(0.09 + 0.16) = 0.5 < 1: unchanged
    Params small = vector("w", 0.3f, 0.4f);
    assertThat(t.update(small, EmptyState.instance(), CTX).updates()).isEqualTo(small);
  }

  @Test
  void chainRunsInOrder() {
    GradientTransform<ChainState> t =
        Transforms.chain(Transforms.clipByGlobalNorm(1.0), Transforms.scaleByLearningRate(2.0));
    // [3, 4] -> clip to [0.6, 0.8] -> times -2 = [-1.2, -1.6]
    Update<ChainState> u = t.update(vector("w", 3f, 4f), t.init(ZERO_PARAMS), CTX);
    assertThatParams(u.updates()).isCloseTo(vector("w", -1.2f, -1.6f), 1e-7);
    assertThat(u.state().states()).containsExactly(EmptyState.instance(), EmptyState.instance());
  }

  @Test
  void chainWithAWrongSubStateFailsNamingBothTypes() {
    GradientTransform<ChainState> t =
        Transforms.chain(
            Transforms.clipByGlobalNorm(1.0), Transforms.trace(0.9, false), Transforms.scaleByAdam(0.9, 0.999, 1e-8),
            Transforms.scaleByLearningRate(0.1));
    ChainState good = t.init(ZERO_PARAMS);
    ChainState wrong =
        new ChainState(
            ImmutableList.of(good.states().get(0), good.states().get(1), good.states().get(1), good.states().get(3)));
    assertThatThrownBy(() -> t.update(ZERO_PARAMS, wrong, CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state 2 is MomentumState, expected AdamState; was init() called on this chain?");
  }

  @Test
  void chainWithTheStateOfAnotherChainFails() {
    GradientTransform<ChainState> one = Transforms.chain(Transforms.scaleByLearningRate(0.1));
    GradientTransform<ChainState> two =
        Transforms.chain(Transforms.trace(0.9, false), Transforms.scaleByLearningRate(0.1));
    assertThatThrownBy(() -> two.update(ZERO_PARAMS, one.init(ZERO_PARAMS), CTX))
        .hasMessageContaining("chain has 2 transforms but its state has 1 sub-states; was init() called on this chain?");
    assertThatThrownBy(() -> two.castState(new MomentumState(ZERO_PARAMS)))
        .hasMessageContaining("state is MomentumState, expected ChainState");
  }

  @Test
  void updatesOfAnotherStructureFail() {
    GradientTransform<MomentumState> t = Transforms.trace(0.9, false);
    assertThatThrownBy(() -> t.update(vector("v", 1f, 1f), t.init(ZERO_PARAMS), CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("params differ in names");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> Transforms.scaleByLearningRate(Double.NaN))
        .hasMessage("learning rate must be finite, got NaN");
    assertThatThrownBy(() -> Transforms.trace(1.0, false)).hasMessage("decay must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> Transforms.scaleByAdam(0.9, 1.0, 1e-8)).hasMessage("b2 must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> Transforms.scaleByAdam(-0.1, 0.9, 1e-8)).hasMessage("b1 must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> Transforms.clipByGlobalNorm(0)).hasMessage("max norm must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> Transforms.addDecayedWeights(-1))
        .hasMessage("weight decay must be finite and >= 0, got -1.0");
    assertThatThrownBy(Transforms::chain).hasMessage("chain needs at least one transform");
  }
}
