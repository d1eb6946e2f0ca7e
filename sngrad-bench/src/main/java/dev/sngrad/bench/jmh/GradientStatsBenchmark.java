package dev.sngrad.bench.jmh;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.optim.BlockPasses;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import dev.sngrad.optim.snr.ScaleBySignalToNoise;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.EmptyState;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The elementwise work of an sngrad step over all P = 669,706 parameters of the
 * 784-512-512-10 MLP, in microseconds, on {@code WorkerThreads.start(threads)}:
 *
 * <ul>
 *   <li>{@link #snapshot}: fused moments ({@code sum g}, {@code sum g^2} over {@code examples}) to
 *       mean and population variance, {@code GradientStatsAccumulator.snapshot};
 *   <li>{@link #rule}: {@code ScaleBySignalToNoise.update}, the rule's factor, the adjusted
 *       gradient and the diagnostics ({@code -p rule=I,II,III}, alphas 0.1, 0.05, 0.1);
 *   <li>{@link #separatePasses}: everything an SGD + sngrad step does after the backward pass, one
 *       pass at a time: snapshot, {@code Optimizers.sgdSnr}'s update (rule, learning rate), {@code
 *       Updates.apply};
 *   <li>{@link #onePass}: the same step in one pass from the moments ({@code
 *       BlockPasses.stepFromMoments}), which {@code TrainStep} takes; the same bits;
 *   <li>{@link #onePassInArena}: the same pass writing into arrays it reuses, as a {@code
 *       TrainingSession} does;
 *   <li>{@link #plainPassInArena}: what plain SGD's session does after its backward pass, {@code
 *       params - lr * gradient} in one pass ({@code BlockPasses.stepFromGradient}) into reused
 *       arrays, with the sums as the gradient: the baseline of {@link #onePassInArena}.
 * </ul>
 *
 * <p>{@code -p examples=128,127} compares the snapshot for a power-of-two count, which multiplies
 * by {@code 1/n}, with the same pass dividing by {@code n} (same bits either way for 128).
 *
 * <p>{@code -p afterOtherRules=true} first runs the one-pass step of the other two rules, {@value
 * #OTHER_RULE_STEPS} times each, as a study that trains every rule in one JVM does: the JIT has then
 * compiled the rule pass for them before it meets this one, which shows whether the pass stays fast
 * for every rule and not only for the first one a JVM sees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class GradientStatsBenchmark {
  private static final int[] SIZES = TrainStepBenchmark.SIZES;

  @Param({"128", "127"})
  public int examples;

  @Param({"2"})
  public int threads;

  @Param({"I"})
  public String rule;

  @Param({"false"})
  public boolean afterOtherRules;

  /** Steps of each other rule before the measurement with {@code afterOtherRules}. */
  static final int OTHER_RULE_STEPS = 500;

  private ExecutionContext context;
  private ImmutableMap<String, Moments> moments;
  private Params params;
  private ElementwiseTransform<ChainState> sgdSnr;
  private ElementwiseTransform<ChainState> sgd;
  private ChainState sgdState;
  private Params gradient;
  private ChainState sgdSnrState;
  private GradientStats stats;
  private ScaleBySignalToNoise transform;
  private EmptyState state;
  /** Where {@link #onePassInArena} writes; benchmark methods run on one thread. */
  private final Arena arena = new Arena();
  private WorkerThreads workerThreads;

  /** Stops the worker threads of this trial. */
  @TearDown
  public void tearDown() {
    workerThreads.close();
  }

  /** Moments of seeded per-example gradients of every weight and bias; the stats of the rule pass. */
  @Setup
  public void setUp() {
    workerThreads = WorkerThreads.start(threads);
    context = ExecutionContext.of(MatMulKernel.defaultKernel(), workerThreads);
    SplittableRandom rng = new SplittableRandom(TrainStepBenchmark.SEED);
    ImmutableMap.Builder<String, Moments> b = ImmutableMap.builder();
    for (int layer = 1; layer < SIZES.length; layer++) {
      b.put("w" + layer, randomMoments(Shape.of(SIZES[layer - 1], SIZES[layer]), rng));
      b.put("b" + layer, randomMoments(Shape.of(SIZES[layer]), rng));
    }
    moments = b.buildOrThrow();
    stats = snapshot();
    SnrRule snrRule = SnrRule.valueOf(rule);
    transform = ScaleBySignalToNoise.of(snrRule, snrRule == SnrRule.II ? 0.05 : 0.1, 0);
    state = transform.init(stats.mean());
    params = stats.mean();
    sgd = (ElementwiseTransform<ChainState>) Optimizers.sgd(0.01);
    sgdState = sgd.init(params);
    gradient = Params.of(ImmutableMap.copyOf(Maps.transformValues(moments, Moments::sum)));
    if (afterOtherRules) {
      for (SnrRule other : SnrRule.values()) {
        if (other != snrRule) {
          useSgdSnr(other);
          for (int step = 0; step < OTHER_RULE_STEPS; step++) {
            onePassInArena();
          }
        }
      }
    }
    useSgdSnr(snrRule);
  }

  /** Makes {@link #separatePasses}, {@link #onePass} and {@link #onePassInArena} step with {@code rule}. */
  private void useSgdSnr(SnrRule rule) {
    sgdSnr = (ElementwiseTransform<ChainState>) Optimizers.sgdSnr(0.01, rule, rule == SnrRule.II ? 0.05 : 0.1);
    sgdSnrState = sgdSnr.init(params);
  }

  /** Sums of {@code examples} gradients with mean ~ N(0, 0.01^2) and spread ~ 0.02 per element. */
  private Moments randomMoments(Shape shape, SplittableRandom rng) {
    float[] sum = new float[shape.size()];
    float[] sumOfSquares = new float[shape.size()];
    for (int j = 0; j < sum.length; j++) {
      double mean = 0.01 * rng.nextGaussian();
      double spread = 0.02 * rng.nextDouble();
      sum[j] = (float) (examples * mean);
      sumOfSquares[j] = (float) (examples * (mean * mean + spread * spread));
    }
    return new Moments(examples, TensorArrays.wrap(shape, sum), TensorArrays.wrap(shape, sumOfSquares));
  }

  @Benchmark
  public GradientStats snapshot() {
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    moments.forEach(acc::addMoments);
    return acc.snapshot(context);
  }

  @Benchmark
  public Params separatePasses() {
    GradientStats s = snapshot();
    Update<ChainState> u = sgdSnr.update(s.mean(), sgdSnrState, StepContext.withStats(params, s, 0).withExecution(context));
    return Updates.apply(params, u.updates());
  }

  @Benchmark
  public Params onePass() {
    return BlockPasses.stepFromMoments(
            sgdSnr, params, moments, sgdSnrState, StepContext.of(params, 0).withExecution(context))
        .orElseThrow()
        .params();
  }

  @Benchmark
  public Params onePassInArena() {
    arena.reset();
    StepContext ctx = StepContext.of(params, 0).withExecution(context.withBuffers(arena));
    return BlockPasses.stepFromMoments(sgdSnr, params, moments, sgdSnrState, ctx).orElseThrow().params();
  }

  @Benchmark
  public Params plainPassInArena() {
    arena.reset();
    StepContext ctx = StepContext.of(params, 0).withExecution(context.withBuffers(arena));
    return BlockPasses.stepFromGradient(sgd, params, gradient, sgdState, ctx).orElseThrow().params();
  }

  @Benchmark
  public Params rule() {
    Params params = stats.mean();
    return transform.update(params, state, StepContext.withStats(params, stats, 0).withExecution(context)).updates();
  }
}
