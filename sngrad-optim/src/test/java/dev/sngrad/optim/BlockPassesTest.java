package dev.sngrad.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.schedule.Schedules;
import dev.sngrad.optim.snr.SnrDiagnostics;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.ChainMembers;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.optim.transform.Transforms;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One-pass training steps of chains of elementwise transforms against the separate passes they
 * replace (statistics snapshot, each transform's update, {@code Updates.apply}), and SGD on the
 * adjusted gradient against a literal loop: the same bits, states and diagnostics, on one thread
 * and on two.
 */
class BlockPassesTest {
  /** Sizes: two chunks with a partial block, a vector tail, a small tensor and a single element. */
  private static final int[] SIZES = {BlockPasses.CHUNK + 3 * BlockPasses.BLOCK + 517, 131, 67, 1};

  private static final ExecutionContext[] CONTEXTS = {
    ExecutionContext.of(MatMulKernel.scalar(), WorkerThreads.shared(1)), ExecutionContext.threads(2)
  };

  @Test
  void sgdOnTheAdjustedGradientFromMomentsGivesTheLiteralLoopsBits() {
    SplittableRandom rng = new SplittableRandom(21);
    for (int examples : new int[] {64, 50, 1}) {
      Params params = params(rng);
      Map<String, Moments> moments = moments(params, examples, rng);
      GradientStats stats = snapshot(moments);
      for (SnrRule rule : SnrRule.values()) {
        for (double alpha : new double[] {1e-3, 0.1, 3}) {
          for (ExecutionContext context : CONTEXTS) {
            ElementwiseTransform<ChainState> sgdSnr = elementwise(Optimizers.sgdSnr(0.05, rule, alpha));
            BlockPasses.Step step = BlockPasses.stepFromMoments(sgdSnr, params, ImmutableMap.copyOf(moments),
                sgdSnr.init(params), StepContext.of(params, 0).withExecution(context.withBuffers(BufferSource.filledWith(Float.NaN))))
                .orElseThrow();
            String what = "rule " + rule + ", alpha " + alpha + ", " + examples + " examples, " + context;
            params.asMap().forEach((name, p) -> {
              float[] mu = TensorArrays.data(stats.mean().get(name));
              float[] variance = TensorArrays.data(stats.variance().get(name));
              float[] expected = new float[mu.length];
              for (int j = 0; j < mu.length; j++) {
                float adjusted = (float) (mu[j] * rule.factor(mu[j], variance[j], alpha, 0));
                expected[j] = TensorArrays.data(p)[j] + (float) (-0.05 * adjusted);
              }
              assertThat(TensorArrays.data(step.params().get(name))).as(what + " " + name).containsExactly(expected);
            });
            Update<ChainState> separate = sgdSnr.update(
                stats.mean(), sgdSnr.init(params), StepContext.withStats(params, stats, 0).withExecution(ExecutionContext.of(MatMulKernel.scalar(), WorkerThreads.shared(1))));
            assertThat(step.aux()).as(what).isEqualTo(separate.aux());
            assertThat(step.aux().first(SnrDiagnostics.class)).as(what).isPresent();
          }
        }
      }
    }
  }

  @Test
  void everyElementwiseOptimizerStepsWithTheBitsOfTheSeparatePasses() {
    SplittableRandom rng = new SplittableRandom(23);
    Params params = params(rng);
    Map<String, Moments> moments = moments(params, 32, rng);
    GradientStats stats = snapshot(moments);
    List<GradientTransform<ChainState>> withStats = List.of(
        Optimizers.sgdSnr(0.05, SnrRule.II, 0.05),
        Optimizers.momentumSnr(0.05, 0.9, true, SnrRule.I, 0.1),
        Optimizers.adamSnr(0.01, SnrRule.III, 1.0));
    List<GradientTransform<ChainState>> withoutStats = List.of(
        Optimizers.sgd(0.05),
        Optimizers.momentum(0.05, 0.9, false),
        Optimizers.momentum(0.05, 0.9, true),
        Optimizers.adam(0.01),
        Optimizers.adamw(0.01, 0.9, 0.999, 1e-8, 0.01),
        Transforms.chain(Transforms.scaleBySchedule(Schedules.constant(0.1))));
    for (ExecutionContext context : CONTEXTS) {
      for (GradientTransform<ChainState> optimizer : withStats) {
        ElementwiseTransform<ChainState> e = elementwise(optimizer);
        // two steps, so that the second starts from a state the first wrote
        ChainState state = e.init(params);
        for (int t = 0; t < 2; t++) {
          BlockPasses.Step step = BlockPasses.stepFromMoments(e, params, ImmutableMap.copyOf(moments), state,
              StepContext.of(params, t).withExecution(context.withBuffers(BufferSource.filledWith(Float.NaN)))).orElseThrow();
          Update<ChainState> separate = separate(e, stats.mean(), state, StepContext.withStats(params, stats, t));
          assertThat(step.params()).as("%s", optimizer).isEqualTo(Updates.apply(params, separate.updates()));
          assertThat(step.state()).as("%s", optimizer).isEqualTo(separate.state());
          assertThat(step.aux()).as("%s", optimizer).isEqualTo(separate.aux());
          state = separate.state();
        }
      }
      for (GradientTransform<ChainState> optimizer : withoutStats) {
        ElementwiseTransform<ChainState> e = elementwise(optimizer);
        ChainState state = e.init(params);
        for (int t = 0; t < 2; t++) {
          BlockPasses.Step step = BlockPasses.stepFromGradient(e, params, stats.mean(), state,
              StepContext.of(params, t).withExecution(context.withBuffers(BufferSource.filledWith(Float.NaN)))).orElseThrow();
          Update<ChainState> separate = separate(e, stats.mean(), state, StepContext.of(params, t));
          assertThat(step.params()).as("%s", optimizer).isEqualTo(Updates.apply(params, separate.updates()));
          assertThat(step.state()).as("%s", optimizer).isEqualTo(separate.state());
          assertThat(step.aux()).isEqualTo(AuxOutput.none());
          state = separate.state();
        }
      }
    }
  }

  @Test
  void sgdFromTheGradientGivesTheLiteralLoopsBits() {
    SplittableRandom rng = new SplittableRandom(24);
    Params params = params(rng);
    Params gradient = params(rng);
    ElementwiseTransform<ChainState> sgd = elementwise(Optimizers.sgd(0.3));
    Params next = BlockPasses.stepFromGradient(sgd, params, gradient, sgd.init(params), StepContext.of(params, 0)).orElseThrow().params();
    params.asMap().forEach((name, p) -> {
      float[] g = TensorArrays.data(gradient.get(name));
      float[] expected = new float[g.length];
      for (int j = 0; j < g.length; j++) {
        expected[j] = TensorArrays.data(p)[j] + (float) (-0.3 * g[j]);
      }
      assertThat(TensorArrays.data(next.get(name))).containsExactly(expected);
    });
  }

  /** A transform of the user's, offering the capability: a chain of it is fused like ours. */
  record ClipElementwise(float limit) implements ElementwiseTransform<EmptyState> {
    @Override
    public EmptyState init(Params params) {
      return EmptyState.instance();
    }

    @Override
    public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
      return Pass.of((in, out, at, length, mean, variance) -> {
        for (int j = 0; j < length; j++) {
          out[j] = Math.max(-limit, Math.min(limit, in[j]));
        }
        return true;
      }, state);
    }

    @Override
    public Class<EmptyState> stateType() {
      return EmptyState.class;
    }
  }

  @Test
  void aUsersElementwiseTransformIsFusedInAChain() {
    SplittableRandom rng = new SplittableRandom(25);
    Params params = params(rng);
    Params gradient = params(rng);
    GradientTransform<ChainState> chain =
        Transforms.chain(new ClipElementwise(0.05f), Transforms.scaleByLearningRate(2));
    assertThat(chain).isInstanceOf(ElementwiseTransform.class);
    Params next = BlockPasses.stepFromGradient(elementwise(chain), params, gradient, chain.init(params),
        StepContext.of(params, 0).withExecution(ExecutionContext.threads(2))).orElseThrow().params();
    params.asMap().forEach((name, p) -> {
      float[] g = TensorArrays.data(gradient.get(name));
      float[] expected = new float[g.length];
      for (int j = 0; j < g.length; j++) {
        expected[j] = TensorArrays.data(p)[j] + (float) (-2.0 * Math.max(-0.05f, Math.min(0.05f, g[j])));
      }
      assertThat(TensorArrays.data(next.get(name))).containsExactly(expected);
    });
    // with a transform that is not elementwise, the chain runs its members in turn
    assertThat(Transforms.chain(Transforms.clipByGlobalNorm(1), new ClipElementwise(1)))
        .isNotInstanceOf(ElementwiseTransform.class);
  }

  @Test
  void runsOfElementwiseMembersInAMixedChainGiveTheBitsOfTheMembersInTurn() {
    SplittableRandom rng = new SplittableRandom(26);
    Params params = params(rng);
    GradientStats stats = snapshot(moments(params, 16, rng));
    GradientTransform<ChainState> mixed = Transforms.chain(
        Transforms.scaleBySignalToNoise(SnrRule.I, 0.1), Transforms.trace(0.9, false),
        Transforms.clipByGlobalNorm(0.5), Transforms.scaleByAdam(0.9, 0.999, 1e-8), Transforms.scaleByLearningRate(0.01));
    assertThat(mixed).isNotInstanceOf(ElementwiseTransform.class);
    ChainState state = mixed.init(params);
    for (int t = 0; t < 2; t++) {
      StepContext ctx = StepContext.withStats(params, stats, t).withExecution(ExecutionContext.threads(2));
      Update<ChainState> fused = mixed.update(stats.mean(), state, ctx);
      Update<ChainState> oneByOne = ChainMembers.updateOneByOne(mixed, stats.mean(), state, ctx);
      assertThat(fused.updates()).isEqualTo(oneByOne.updates());
      assertThat(fused.state()).isEqualTo(oneByOne.state());
      assertThat(fused.aux()).isEqualTo(oneByOne.aux());
      assertThat(fused.aux().first(SnrDiagnostics.class)).isPresent();
      state = fused.state();
    }
  }

  @Test
  void nonFiniteValuesLeaveTheStepToTheSeparatePasses() {
    SplittableRandom rng = new SplittableRandom(22);
    Params params = params(rng);
    Map<String, Moments> moments = moments(params, 8, rng);
    ElementwiseTransform<ChainState> huge = elementwise(Optimizers.sgdSnr(1e38, SnrRule.I, 1e-6));
    assertThat(BlockPasses.stepFromMoments(huge, params, ImmutableMap.copyOf(moments), huge.init(params),
        StepContext.of(params, 0))).as("update overflows").isEmpty();

    Moments w = moments.get("w0");
    float[] sum = TensorArrays.data(w.sum()).clone();
    sum[sum.length - 1] = Float.NaN;
    ImmutableMap<String, Moments> withNaN = ImmutableMap.<String, Moments>builder()
        .putAll(moments).put("w0", new Moments(w.count(), TensorArrays.wrap(w.sum().shape(), sum), w.sumOfSquares()))
        .buildKeepingLast();
    ElementwiseTransform<ChainState> sgdSnr = elementwise(Optimizers.sgdSnr(0.1, SnrRule.II, 0.05));
    assertThat(BlockPasses.stepFromMoments(sgdSnr, params, withNaN, sgdSnr.init(params), StepContext.of(params, 0))).as("a NaN mean").isEmpty();

    ElementwiseTransform<ChainState> sgd = elementwise(Optimizers.sgd(0.1));
    Params gradient = params.map(t -> {
      float[] g = t.toArray();
      g[0] = Float.POSITIVE_INFINITY;
      return TensorArrays.wrap(t.shape(), g);
    });
    assertThat(BlockPasses.stepFromGradient(sgd, params, gradient, sgd.init(params), StepContext.of(params, 0))).as("an infinite gradient").isEmpty();
  }

  private static ElementwiseTransform<ChainState> elementwise(GradientTransform<ChainState> t) {
    assertThat(t).isInstanceOf(ElementwiseTransform.class);
    return (ElementwiseTransform<ChainState>) t;
  }

  /** The update through the chain's members one by one, each a transform of its own. */
  private static Update<ChainState> separate(
      ElementwiseTransform<ChainState> chain, Params updates, ChainState state, StepContext ctx) {
    return ChainMembers.updateOneByOne(chain, updates, state, ctx);
  }

  private static GradientStats snapshot(Map<String, Moments> moments) {
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    moments.forEach(acc::addMoments);
    return acc.snapshot(ExecutionContext.of(MatMulKernel.scalar(), WorkerThreads.shared(1)));
  }

  private static Params params(SplittableRandom rng) {
    Params.Builder b = Params.builder();
    for (int i = 0; i < SIZES.length; i++) {
      b.put("w" + i, Tensor.normal(Shape.of(SIZES[i]), 0.1f, rng));
    }
    return b.build();
  }

  /**
   * Float sums of {@code examples} per-example gradients for every parameter, with some elements
   * whose examples agree (zero variance), whose gradients are all zero, or whose spread is tiny.
   */
  private static Map<String, Moments> moments(Params params, int examples, SplittableRandom rng) {
    ImmutableMap.Builder<String, Moments> b = ImmutableMap.builder();
    params.asMap().forEach((name, p) -> {
      int size = p.size();
      float[] sum = new float[size];
      float[] sumOfSquares = new float[size];
      for (int j = 0; j < size; j++) {
        int kind = j % 11;
        double scale = Math.pow(10, rng.nextInt(-6, 2));
        double mean = scale * rng.nextGaussian();
        for (int i = 0; i < examples; i++) {
          float g = switch (kind) {
            case 0 -> (float) mean; // identical examples
            case 1 -> 0f;
            case 2 -> (float) (mean * (1 + 1e-7 * rng.nextGaussian())); // a spread near rounding
            default -> (float) (mean + scale * rng.nextGaussian());
          };
          sum[j] += g;
          sumOfSquares[j] += g * g;
        }
      }
      b.put(name, new Moments(examples, TensorArrays.wrap(p.shape(), sum), TensorArrays.wrap(p.shape(), sumOfSquares)));
    });
    return b.buildOrThrow();
  }
}
