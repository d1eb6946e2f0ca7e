package dev.sngrad.bench.jmh;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.nn.spec.ModelSpec;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.StepResult;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import java.util.Arrays;
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
 * One training step of {@code cnn-small} ({@code ModelSpec.parse("cnn-small")}: two 3x3
 * convolutions with ReLU and 2x2 max pooling, then dense 4096-256-10; P = 1,070,794 parameters,
 * softmax cross-entropy) on a seeded random batch of {@code B} CIFAR-10-shaped images, flat {@code
 * [B, 3072]} as the loader gives them and reshaped to {@code [B, 3, 32, 32]}, in milliseconds
 * per step, with the kernels of {@link TrainStepBenchmark} ({@code -p backend=java|openblas|auto}):
 *
 * <ul>
 *   <li>{@link #plainSgd}: {@code TrainStep} with {@code Optimizers.sgd}, the baseline;
 *   <li>{@link #sgdSnrFusedMoments}: {@code TrainStep} with {@code Optimizers.sgdSnr} (rule {@code
 *       -p rule=I,II,III}): per-example mean and variance, the convolutions' from their chunked
 *       moments (one example's weight gradient at a time), the dense layers' from the {@code
 *       (A*A)^T (D*D)} identity;
 *   <li>{@link #sgdSnrMaterialized}: the same statistics from per-example gradients {@code [C, P]}
 *       materialized by {@code PerExample.grad}, {@code chunk} examples at a time, reduced by
 *       Welford's update, then the same update;
 *   <li>{@link #plainSgdSession} and {@link #sgdSnrSession}: the first two steps taken by a {@code
 *       TrainingSession}, which reuses its buffers from step to step.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class ConvStepBenchmark {
  /** Channels, height and width of a CIFAR-10 image. */
  static final int[] IMAGE = {3, 32, 32};

  static final int CLASSES = 10;

  @Param({"128", "256"})
  public int batch;

  /** Threads of the matmul kernel. */
  @Param({"2"})
  public int threads;

  /**
   * A {@link Backend} name: {@code java}, {@code openblas} or {@code auto}; or {@code bundledpinned}
   * or {@code bundledcopy} ({@link MatMulBenchmark#ofBackend}).
   */
  @Param({"java"})
  public String backend;

  /** The rule of the sngrad steps, with alpha 0.1 (I, III) or 0.05 (II), the original defaults. */
  @Param({"I"})
  public String rule;

  /** Examples per materialized chunk in {@link #sgdSnrMaterialized}. */
  @Param({"32"})
  public int chunk;

  private Params params;
  private Minibatch minibatch;
  private TrainStep plain;
  private OptState plainState;
  private TrainStep snr;
  private OptState snrState;
  private GradientTransform<?> snrOptimizer;
  private PerExample perExample;
  private TrainingSession plainSession;
  private TrainingSession snrSession;
  private WorkerThreads workerThreads;

  /** Stops the worker threads of this trial. */
  @TearDown
  public void tearDown() {
    workerThreads.close();
  }

  /** Seeded parameters and batch; kernel, steps and optimizer states are built once. */
  @Setup
  public void setUp() {
    Model model = new Model(ModelSpec.parse("cnn-small").build(Shape.of(IMAGE), CLASSES), Loss.softmaxCrossEntropy());
    params = model.network().init(new SplittableRandom(TrainStepBenchmark.SEED));
    minibatch = randomImages(batch, new SplittableRandom(TrainStepBenchmark.SEED + 1));
    MatMulKernel kernel = MatMulBenchmark.ofBackend(backend);
    System.out.println("# kernel: " + kernel + " (-p backend=" + backend + ")");
    workerThreads = WorkerThreads.start(threads);
    ExecutionContext context = ExecutionContext.of(kernel, workerThreads);
    ExampleLoss loss = model.exampleLoss(Phase.inference());
    plain = TrainStep.of(loss, Optimizers.sgd(TrainStepBenchmark.LEARNING_RATE)).withContext(context);
    plainState = plain.init(params);
    SnrRule snrRule = SnrRule.valueOf(rule);
    snrOptimizer = Optimizers.sgdSnr(TrainStepBenchmark.LEARNING_RATE, snrRule, snrRule == SnrRule.II ? 0.05 : 0.1);
    snr = TrainStep.of(loss, snrOptimizer).withContext(context);
    snrState = snr.init(params);
    perExample = PerExample.of(loss).withContext(context);
    plainSession = TrainingSession.start(plain, params);
    snrSession = TrainingSession.start(snr, params);
  }

  /** {@code examples} standard-normal flat images {@code [examples, 3 * 32 * 32]} and labels in [0, 10). */
  static Minibatch randomImages(int examples, SplittableRandom rng) {
    Tensor x = Tensor.normal(Shape.of(examples, IMAGE[0] * IMAGE[1] * IMAGE[2]), 1f, rng); // flat, as loaded
    int[] labels = new int[examples];
    Arrays.setAll(labels, i -> rng.nextInt(CLASSES));
    return new Minibatch(x, labels);
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

  @Benchmark
  public Params sgdSnrMaterialized() {
    return TrainStepBenchmark.materializedStep(perExample, chunk, minibatch, snrOptimizer, snrState, params);
  }
}
