package dev.sngrad.optim.train;

import static dev.sngrad.optim.ParamsAssert.assertThatParams;
import static dev.sngrad.optim.train.TrainStepTest.LINEAR_SOFTMAX;
import static dev.sngrad.optim.train.TrainStepTest.batch;
import static dev.sngrad.optim.train.TrainStepTest.initialParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.optim.transform.Transforms;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Transforms that ask for {@link PerExampleReduction}s, in {@link TrainStep} and {@link
 * TrainingSession}: the reductions reach them through {@link StepContext#reduction}, computed from
 * the same per-example gradients as a loop of single-example gradients.
 */
class PerExampleReductionStepTest {
  /** {@code 1/B sum_i |g_i|}, elementwise, summed in double; its configuration is a name only. */
  record MeanAbs(String label) implements PerExampleReduction {
    @Override
    public String name() {
      return "mean |g| " + label;
    }

    @Override
    public Accumulator start(String parameter, Shape shape) {
      double[] sums = new double[shape.size()];
      long[] count = {0};
      return new Accumulator() {
        @Override
        public void add(Tensor perExample) {
          float[] g = perExample.toArray();
          for (int k = 0; k < g.length; k++) {
            sums[k % sums.length] += Math.abs(g[k]);
          }
          count[0] += perExample.shape().dim(0);
        }

        @Override
        public Tensor finish() {
          float[] mean = new float[sums.length];
          for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) (sums[j] / count[0]);
          }
          return Tensor.of(shape, mean);
        }
      };
    }
  }

  private static final MeanAbs A = new MeanAbs("a");
  private static final MeanAbs B = new MeanAbs("b");

  /** {@code u_out = u_in * r} elementwise, with {@code r} the batch's result of {@code reduction}. */
  record ScaleByReduction(PerExampleReduction reduction, boolean asks) implements GradientTransform<EmptyState> {
    static ScaleByReduction of(PerExampleReduction reduction) {
      return new ScaleByReduction(reduction, true);
    }

    @Override
    public EmptyState init(Params params) {
      return EmptyState.instance();
    }

    @Override
    public Set<PerExampleReduction> perExampleReductions() {
      return asks ? Set.of(reduction) : Set.of();
    }

    @Override
    public Update<EmptyState> update(Params updates, EmptyState state, StepContext ctx) {
      return new Update<>(updates.zipWith(ctx.reduction(reduction), (u, r) -> {
        float[] out = u.toArray();
        for (int j = 0; j < out.length; j++) {
          out[j] *= r.getFlat(j);
        }
        return Tensor.of(u.shape(), out);
      }), state);
    }

    @Override
    public Class<EmptyState> stateType() {
      return EmptyState.class;
    }
  }

  /** Passes its input through, block by block, asking for {@code reduction}. */
  record ElementwiseAsking(PerExampleReduction reduction) implements ElementwiseTransform<EmptyState> {
    @Override
    public EmptyState init(Params params) {
      return EmptyState.instance();
    }

    @Override
    public Set<PerExampleReduction> perExampleReductions() {
      return Set.of(reduction);
    }

    @Override
    public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
      return Pass.of((in, out, at, length, mean, variance) -> {
        System.arraycopy(in, 0, out, 0, length);
        return true;
      }, state);
    }

    @Override
    public Class<EmptyState> stateType() {
      return EmptyState.class;
    }
  }

  @Test
  void aStepHandsTheTransformItsReductionOfTheSameGradientsAsALoopOfSingleExampleGrads() {
    GradientTransform<?> optimizer = Transforms.chain(ScaleByReduction.of(A), Transforms.scaleByLearningRate(0.5));
    Params p = initialParams();
    Minibatch b = batch(13, 3);

    // by hand: p - 0.5 * mu * meanAbs, both from the loop's per-example gradients
    Params loop = PerExampleOracle.loopOfSingleExampleGrads(LINEAR_SOFTMAX, p, b.inputs(), b.labels());
    GradientStats naive = PerExampleOracle.naiveStats(loop);
    Params.Builder expected = Params.builder();
    p.asMap().forEach((name, w) -> {
      Tensor g = loop.get(name);
      int size = w.size();
      float[] next = w.toArray();
      for (int j = 0; j < size; j++) {
        double sumAbs = 0;
        for (int i = 0; i < 13; i++) {
          sumAbs += Math.abs(g.getFlat(i * size + j));
        }
        next[j] -= (float) (0.5 * naive.mean().get(name).getFlat(j) * (sumAbs / 13));
      }
      expected.put(name, Tensor.of(w.shape(), next));
    });

    for (int chunk : new int[] {0, 4}) {
      TrainStep step = TrainStep.of(LINEAR_SOFTMAX, optimizer).withChunkSize(chunk);
      StepResult r = step.apply(p, step.init(p), b, 0);
      assertThatParams(r.params()).as("chunk %s", chunk).isCloseTo(expected.build(), 1e-6, 1e-5);
    }
  }

  @Test
  void aSessionTakesTheBitsOfTheStepWithAReduction() {
    TrainStep step = TrainStep.of(LINEAR_SOFTMAX, Transforms.chain(
        ScaleByReduction.of(A), Transforms.scaleBySignalToNoise(SnrRule.III, 1.0), Transforms.scaleByLearningRate(0.5)));
    Params p = initialParams();
    OptState s = step.init(p);
    TrainingSession session = TrainingSession.start(step, p);
    for (int t = 0; t < 3; t++) {
      Minibatch b = batch(16, 20 + t);
      StepResult r = step.apply(p, s, b, t);
      TrainingSession.Report report = session.step(b);
      assertThat(session.params()).as("step %s", t).isEqualTo(r.params());
      assertThat(report.loss()).isEqualTo(r.loss());
      assertThat(report.diagnostics()).isPresent();
      p = r.params();
      s = r.state();
    }
  }

  @Test
  void chainsAskForTheUnionOfTheirMembersReductionsAndTheBuiltInsForNone() {
    GradientTransform<?> chain = Transforms.chain(
        ScaleByReduction.of(A), Transforms.scaleBySignalToNoise(SnrRule.III, 1.0), ScaleByReduction.of(B),
        Transforms.chain(ScaleByReduction.of(new MeanAbs("a"))), Transforms.scaleByLearningRate(0.1));
    assertThat(chain.perExampleReductions()).containsExactly(A, B);

    GradientTransform<?> elementwise = Transforms.chain(
        new ElementwiseAsking(B), Transforms.scaleBySignalToNoise(SnrRule.I, 1.0), new ElementwiseAsking(A));
    assertThat(elementwise).isInstanceOf(ElementwiseTransform.class);
    assertThat(elementwise.perExampleReductions()).containsExactly(B, A);

    assertThat(Optimizers.sgdSnr(0.1, SnrRule.III, 1.0).perExampleReductions()).isEmpty();
    assertThat(Optimizers.adam(0.1).perExampleReductions()).isEmpty();
  }

  @Test
  void aReductionOnlyAskedForLeavesTheFusedStepUpToRounding() {
    // the materialized path a reduction forces gives the statistics of the fused path up to rounding,
    // for an elementwise chain as for one that is not
    TrainStep fused = TrainStep.of(LINEAR_SOFTMAX, Optimizers.sgdSnr(0.5, SnrRule.III, 1.0));
    Params p = initialParams();
    Minibatch b = batch(16, 9);
    StepResult expected = fused.apply(p, fused.init(p), b, 0);
    // both keep the updates as they are; clipping at 1e30 makes a chain that is not elementwise
    for (GradientTransform<?> middle : List.of(new ElementwiseAsking(B), Transforms.clipByGlobalNorm(1e30))) {
      TrainStep asking = TrainStep.of(LINEAR_SOFTMAX, Transforms.chain(
          new ElementwiseAsking(A), middle, Transforms.scaleBySignalToNoise(SnrRule.III, 1.0),
          Transforms.scaleByLearningRate(0.5)));
      assertThat(asking.optimizer() instanceof ElementwiseTransform).isEqualTo(middle instanceof ElementwiseTransform);
      StepResult r = asking.apply(p, asking.init(p), b, 0);
      assertThatParams(r.params()).isCloseTo(expected.params(), 1e-6, 1e-5);
      assertThat(r.loss()).isEqualTo(expected.loss());
    }
  }

  @Test
  void aReductionThatWasNotAskedForFailsNamingIt() {
    Params p = initialParams();
    assertThatThrownBy(() -> StepContext.of(p, 0).reduction(A))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'mean |g| a'")
        .hasMessageContaining("perExampleReductions()");

    // a transform that reads a reduction it does not return from perExampleReductions()
    TrainStep forgetful = TrainStep.of(LINEAR_SOFTMAX, Transforms.chain(
        ScaleByReduction.of(B), new ScaleByReduction(A, false), Transforms.scaleByLearningRate(0.5)));
    assertThatThrownBy(() -> forgetful.apply(p, forgetful.init(p), batch(8, 1), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'mean |g| a'")
        .hasMessageContaining("computed: ['mean |g| b']");
  }
}
