package dev.sngrad.bench.jmh;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.StepResult;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One training step of the 784-512-512-10 ReLU MLP (P = 669,706 parameters, softmax cross-entropy)
 * on a seeded random batch of {@code B} examples, in milliseconds per step, all matrix products (spread over {@code WorkerThreads.start(threads)}) on
 * {@code MatMulKernel.defaultKernel()} ({@code -p backend=java}, the default), on the native
 * {@code NativeBlas.kernel()} ({@code -p backend=openblas}) or on the kernel a user of the
 * command line gets by default ({@code -p backend=auto}); the fork prints the kernel it resolved
 * to ({@code # kernel: ...}):
 *
 * <ul>
 *   <li>{@link #plainSgd}: {@code TrainStep} with {@code Optimizers.sgd}: one ordinary backward
 *       pass for the mean gradient, the baseline;
 *   <li>{@link #sgdSnrFusedMoments}: {@code TrainStep} with {@code Optimizers.sgdSnr} (rule {@code
 *       -p rule=I,II,III}): per-example
 *       mean and variance from fused moments ({@code sum_i g_i = A^T D}, {@code sum_i g_i^2 =
 *       (A*A)^T (D*D)}), never a {@code [B, P]} array;
 *   <li>{@link #sgdSnrMaterialized}: the same step computed the way {@code jit(vmap(grad))} does
 *       it: per-example gradients {@code [C, P]} materialized by {@code PerExample.grad}, {@code
 *       chunk} examples at a time (C = min(B, chunk)), reduced by Welford's update, then the same
 *       SNR update;
 *   <li>{@link #plainSgdSession} and {@link #sgdSnrSession}: the steps of {@link #plainSgd} and
 *       {@link #sgdSnrFusedMoments} taken by a {@code TrainingSession}, which reuses its buffers
 *       from step to step (its parameters move on with every step, by {@link #LEARNING_RATE});
 *   <li>{@link #pairedSessions}: steps of those two sessions taken in turn, each timed on its own
 *       ({@link PairedTimes}): their ratio from one JVM and one stretch of time, which a shared
 *       machine's changing load moves less than the ratio of two forks run minutes apart;
 *   <li>{@link #momentumSession} and {@link #adamSession}: sessions with {@code
 *       Optimizers.momentum} (Nesterov) and {@code Optimizers.adam}, whose states are rewritten
 *       every step.
 * </ul>
 *
 * <p>The naive loop of single-example gradients is in {@link NaiveLoopBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class TrainStepBenchmark {
  static final int[] SIZES = {784, 512, 512, 10};
  static final long SEED = 20240501L;

  /**
   * So small that a session's parameters barely move over the thousands of steps of a run: trained
   * on one batch for long, gradients shrink towards subnormal floats, which are slower to multiply,
   * and the session would be timed on other values than the steps that start from the initial
   * parameters each time.
   */
  static final double LEARNING_RATE = 1e-6;

  @Param({"128", "256", "512", "1024"})
  public int batch;

  /** Threads of the matmul kernel. */
  @Param({"2"})
  public int threads;

  /**
   * A {@link Backend} name: {@code java} (the pure-Java kernel), {@code openblas} (the native one)
   * or {@code auto} (the command line's default: the faster one present); or {@code bundledpinned}
   * or {@code bundledcopy}, a binding of the bundled OpenBLAS ({@link MatMulBenchmark#ofBackend}).
   */
  @Param({"java"})
  public String backend;

  /** The rule of the sngrad steps, with alpha 0.1 (I, III) or 0.05 (II), the original defaults. */
  @Param({"I"})
  public String rule;

  /** Examples per materialized chunk in {@link #sgdSnrMaterialized}. */
  @Param({"128"})
  public int chunk;

  private Params params;
  private Minibatch minibatch;
  private ExecutionContext context;
  private ExampleLoss loss;
  private TrainStep plain;
  private OptState plainState;
  private TrainStep snr;
  private OptState snrState;
  private GradientTransform<?> snrOptimizer;
  private PerExample perExample;
  private TrainingSession plainSession;
  private TrainingSession snrSession;
  private TrainingSession momentumSession;
  private TrainingSession adamSession;
  private WorkerThreads workerThreads;

  /** Seeded parameters and batch; kernel, steps and optimizer states are built once. */
  @Setup
  public void setUp() {
    Model model = new Model(Mlp.of(SIZES), Loss.softmaxCrossEntropy());
    params = model.network().init(new SplittableRandom(SEED));
    minibatch = randomBatch(batch, new SplittableRandom(SEED + 1));
    MatMulKernel kernel = MatMulBenchmark.ofBackend(backend);
    System.out.println("# kernel: " + kernel + " (-p backend=" + backend + ")");
    workerThreads = WorkerThreads.start(threads);
    context = ExecutionContext.of(kernel, workerThreads);
    loss = model.trainingLoss(SEED, 0); // training phase, as in a run (this MLP has no dropout)
    plain = TrainStep.of(loss, Optimizers.sgd(LEARNING_RATE)).withContext(context);
    plainState = plain.init(params);
    SnrRule snrRule = SnrRule.valueOf(rule);
    snrOptimizer = Optimizers.sgdSnr(LEARNING_RATE, snrRule, snrRule == SnrRule.II ? 0.05 : 0.1);
    snr = TrainStep.of(loss, snrOptimizer).withContext(context);
    snrState = snr.init(params);
    perExample = PerExample.of(loss).withContext(context);
    plainSession = TrainingSession.start(plain, params);
    snrSession = TrainingSession.start(snr, params);
    momentumSession = TrainingSession.start(
        TrainStep.of(loss, Optimizers.momentum(LEARNING_RATE, 0.9, true)).withContext(context), params);
    adamSession = TrainingSession.start(TrainStep.of(loss, Optimizers.adam(LEARNING_RATE)).withContext(context), params);
  }

  /** Stops the worker threads of this trial. */
  @TearDown
  public void tearDown() {
    workerThreads.close();
  }

  /** {@code examples} MNIST-like inputs in [0, 1) and labels in [0, 10). */
  static Minibatch randomBatch(int examples, SplittableRandom rng) {
    float[] x = new float[examples * SIZES[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    int[] labels = new int[examples];
    Arrays.setAll(labels, i -> rng.nextInt(SIZES[SIZES.length - 1]));
    return new Minibatch(Tensor.of(Shape.of(examples, SIZES[0]), x), labels);
  }

  @Benchmark
  public StepResult plainSgd() {
    return plain.apply(params, plainState, minibatch, 0);
  }

  @Benchmark
  public StepResult sgdSnrFusedMoments() {
    return snr.apply(params, snrState, minibatch, 0);
  }

  @Benchmark
  public TrainingSession.Report plainSgdSession() {
    return plainSession.step(minibatch);
  }

  @Benchmark
  public TrainingSession.Report sgdSnrSession() {
    return snrSession.step(minibatch);
  }

  /**
   * The time of {@link #pairedSessions}' plain and sngrad steps, added up over a JMH iteration
   * (reset before each). JMH adds such counters over the iterations in its summary too, so the
   * summary's {@code sngradMs / plainMs} is the ratio over the whole measurement, and each
   * iteration's line gives that iteration's.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedTimes {
    long plainNanos;
    long sngradNanos;
    long pairs;

    /** Zeroes the sums before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      plainNanos = 0;
      sngradNanos = 0;
      pairs = 0;
    }

    /** Milliseconds in the plain session's steps. */
    public double plainMs() {
      return plainNanos / 1e6;
    }

    /** Milliseconds in the sngrad session's steps. */
    public double sngradMs() {
      return sngradNanos / 1e6;
    }

    /** Steps taken by each session. */
    public long steps() {
      return pairs;
    }
  }

  /**
   * Two steps of {@link #plainSgdSession} and two of {@link #sgdSnrSession}, plain first on even
   * calls and sngrad first on odd ones; only the second step of each session is timed, so that it
   * runs on the caches its own session left, as in training: timed right after the other
   * session, both steps took about a fifth longer than in their own forks, the plain one more.
   */
  @Benchmark
  public void pairedSessions(PairedTimes times, Blackhole blackhole) {
    boolean plainFirst = (times.pairs & 1) == 0;
    long first = timedSecondStep(plainFirst ? plainSession : snrSession, blackhole);
    long second = timedSecondStep(plainFirst ? snrSession : plainSession, blackhole);
    times.plainNanos += plainFirst ? first : second;
    times.sngradNanos += plainFirst ? second : first;
    times.pairs++;
  }

  private long timedSecondStep(TrainingSession session, Blackhole blackhole) {
    blackhole.consume(session.step(minibatch));
    long start = System.nanoTime();
    blackhole.consume(session.step(minibatch));
    return System.nanoTime() - start;
  }

  @Benchmark
  public TrainingSession.Report momentumSession() {
    return momentumSession.step(minibatch);
  }

  @Benchmark
  public TrainingSession.Report adamSession() {
    return adamSession.step(minibatch);
  }

  @Benchmark
  public Params sgdSnrMaterialized() {
    return materializedStep(perExample, chunk, minibatch, snrOptimizer, snrState, params);
  }

  /**
   * The sngrad step the way {@code jit(vmap(grad))} takes it: per-example gradients materialized
   * {@code chunk} examples at a time, reduced by Welford's update, then the update.
   */
  static Params materializedStep(
      PerExample perExample, int chunk, Minibatch minibatch, GradientTransform<?> optimizer, OptState state,
      Params params) {
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    Tensor x = minibatch.inputs();
    int[] labels = minibatch.labels();
    int examples = labels.length;
    for (int from = 0; from < examples; from += chunk) {
      int to = Math.min(examples, from + chunk);
      Params g = perExample.grad(params, x.slice(from, to), Arrays.copyOfRange(labels, from, to));
      g.asMap().forEach(acc::addExamples);
    }
    return update(optimizer, acc.snapshot(), state, params);
  }

  static <S extends OptState> Params update(
      GradientTransform<S> optimizer, GradientStats stats, OptState state, Params params) {
    Update<S> u = optimizer.update(stats.mean(), optimizer.castState(state), StepContext.withStats(params, stats, 0));
    return Updates.apply(params, u.updates());
  }
}
