package dev.sngrad.bench.jmh;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.train.Minibatch;
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
 * The naive baseline of {@link TrainStepBenchmark}: the SGD + sngrad step with its per-example
 * gradients computed by a literal loop of {@code B} single-example {@code Grad.of(...)} calls
 * (each a forward and backward pass on a {@code [1, 784]} input), reduced by Welford's update. It
 * is slow and linear in {@code B}, so only {@code B = 128} is measured by default; larger batches
 * scale it by {@code B / 128}. Same model, seeds and kernel as {@link TrainStepBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class NaiveLoopBenchmark {
  @Param({"128"})
  public int batch;

  @Param({"2"})
  public int threads;

  private Params params;
  private Tensor[] inputs;
  private int[][] labels;
  private ExampleLoss loss;
  private ExecutionContext context;
  private WorkerThreads workerThreads;
  private GradientTransform<?> optimizer;
  private OptState state;

  /** Stops the worker threads of this trial. */
  @TearDown
  public void tearDown() {
    workerThreads.close();
  }

  /** Same seeded parameters and batch as {@link TrainStepBenchmark}, split into single examples. */
  @Setup
  public void setUp() {
    Model model = new Model(Mlp.of(TrainStepBenchmark.SIZES), Loss.softmaxCrossEntropy());
    params = model.network().init(new SplittableRandom(TrainStepBenchmark.SEED));
    Minibatch b = TrainStepBenchmark.randomBatch(batch, new SplittableRandom(TrainStepBenchmark.SEED + 1));
    inputs = new Tensor[batch];
    labels = new int[batch][];
    for (int i = 0; i < batch; i++) {
      inputs[i] = b.inputs().slice(i, i + 1);
      labels[i] = new int[] {b.labels()[i]};
    }
    loss = model.trainingLoss(TrainStepBenchmark.SEED, 0); // as TrainStepBenchmark
    workerThreads = WorkerThreads.start(threads);
    context = ExecutionContext.of(MatMulKernel.defaultKernel(), workerThreads);
    optimizer = Optimizers.sgdSnr(0.01, SnrRule.I, 0.1);
    state = optimizer.init(params);
  }

  @Benchmark
  public Params sgdSnrLoopOfSingleExampleGrads() {
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    for (int i = 0; i < batch; i++) {
      Tensor x = inputs[i];
      int[] y = labels[i];
      Params g = Grad.of(p -> Ops.sum(loss.apply(p, Var.constant(x), y))).withContext(context).apply(params);
      g.asMap().forEach((name, gi) -> acc.addExamples(name, gi.reshape(gi.shape().prepend(1))));
    }
    return TrainStepBenchmark.update(optimizer, acc.snapshot(), state, params);
  }
}
