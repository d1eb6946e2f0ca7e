package dev.sngrad.optim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.snr.SnrRule;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Heap allocated per step of a {@link TrainingSession} on a small convolutional network, at two
 * batch sizes: a session reuses its arrays, so what a step still allocates (tensors, tape nodes,
 * shapes) must not grow with the batch. A convolution issues a matrix product per example (its
 * weight gradient and the per-example moments) and per block of examples, so an object per
 * product or per block, such as a lambda capturing a product's arguments for its bands, grows a
 * step's allocation with the batch; this test sees it.
 *
 * <p>Bytes are counted on every thread ({@code com.sun.management.ThreadMXBean}), the kernel's
 * band threads included, and each batch size takes the fewest bytes of several rounds after a
 * warm-up. Surefire runs this class in a JVM of its own without the Vector API (see the module's
 * pom): a Vector API loop that C2 has not compiled, or after other tests' loops will not compile
 * well, keeps its vectors on the heap, megabytes per step that grow with the batch and would make
 * this test fail for a reason that is not its own. The kernels are then the scalar ones, which
 * split products exactly as the Vector API kernel does. No time is measured.
 */
class SessionAllocationTest {
  private static final int CHANNELS = 4;
  private static final int SIDE = 24;
  private static final int FILTERS = 16;
  private static final int CLASSES = 10;

  /**
   * conv3x3(16, pad 1)-ReLU-maxpool2-dense10 on {@code [B, 4, 24, 24]}: every product of the step
   * (per example 16 x 36 x 576, per block of 12 examples 16 x 6912 x 36) is large enough to be
   * split among the kernel's threads.
   */
  private static final ExampleLoss CONV = (p, x, labels) -> {
    int examples = x.shape().dim(0);
    var image = Ops.reshape(x, examples, CHANNELS, SIDE, SIDE);
    var features = Ops.maxPool2d(Ops.relu(Ops.conv2d(image, p.get("conv/weight"), p.get("conv/bias"), 1, 1)), 2, 2);
    var flat = Ops.reshape(features, examples, FILTERS * (SIDE / 2) * (SIDE / 2));
    return Ops.softmaxCrossEntropy(Ops.biasAdd(Ops.matmul(flat, p.get("out/weight")), p.get("out/bias")), labels);
  };

  private static Params initialParams() {
    SplittableRandom rng = new SplittableRandom(11);
    return Params.builder()
        .put("conv/weight", Tensor.normal(Shape.of(FILTERS, CHANNELS, 3, 3), 0.2f, rng))
        .put("conv/bias", Tensor.zeros(FILTERS))
        .put("out/weight", Tensor.normal(Shape.of(FILTERS * (SIDE / 2) * (SIDE / 2), CLASSES), 0.02f, rng))
        .put("out/bias", Tensor.zeros(CLASSES))
        .build();
  }

  private static Minibatch batch(int examples, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor x = Tensor.normal(Shape.of(examples, CHANNELS * SIDE * SIDE), 1f, rng);
    int[] labels = new int[examples];
    Arrays.setAll(labels, i -> rng.nextInt(CLASSES));
    return new Minibatch(x, labels);
  }

  @Test
  void plainAndStatisticsStepsAllocateAsMuchAtEveryBatchSize() {
    assumeFalse(MatMulKernel.vectorApiAvailable(), "runs in the module's execution without the Vector API");
    for (GradientTransform<?> optimizer : new GradientTransform<?>[] {Optimizers.sgd(1e-4), Optimizers.sgdSnr(1e-4, SnrRule.I, 0.1)}) {
      TrainStep step = TrainStep.of(CONV, optimizer).withContext(ExecutionContext.threads(2));
      long small = bytesPerStep(step, 8);
      long large = bytesPerStep(step, 72);
      // one object per product or per block of examples was 120 bytes per example here; the
      // labels, copied by the batch and by the loss op, are 8
      assertThat((large - small) / 64)
          .as("%s: bytes per step at B = 72 (%s) against B = 8 (%s), per example", optimizer, large, small)
          .isLessThan(24);
    }
  }

  /** The fewest bytes allocated by one step, on all threads, over several rounds of steps. */
  private static long bytesPerStep(TrainStep step, int examples) {
    TrainingSession session = TrainingSession.start(step, initialParams());
    Minibatch batch = batch(examples, examples);
    for (int t = 0; t < 60; t++) {
      session.step(batch);
    }
    long fewest = Long.MAX_VALUE;
    for (int round = 0; round < 6; round++) {
      long before = allocatedOnAllThreads();
      for (int t = 0; t < 3; t++) {
        session.step(batch);
      }
      fewest = Math.min(fewest, (allocatedOnAllThreads() - before) / 3);
    }
    return fewest;
  }

  private static long allocatedOnAllThreads() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes); // -1 for a thread that ended meanwhile
    }
    return total;
  }
}
