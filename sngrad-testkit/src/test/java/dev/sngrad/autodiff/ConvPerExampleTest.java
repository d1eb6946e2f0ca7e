package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Per-example gradients and statistics of a small convolutional network (two convolutions, ReLU,
 * max pooling, a dense layer) against the testkit's oracle: a loop of single-example {@link Grad}
 * calls and Guava's statistics of its gradients. The convolution weights and biases take the
 * convolution's chunked moments, the dense layer the {@code (A*A)^T (D*D)} identity, so nothing
 * is materialized in {@code gradStats}.
 */
class ConvPerExampleTest {
  private static final int EXAMPLES = 7;
  private static final int CLASSES = 4;

  /** conv3x3(2->4, pad 1)-ReLU-maxpool2-conv3x3(4->5, stride 2, pad 1)-ReLU-flatten-dense(20->4). */
  private static final ExampleLoss LOSS = (p, x, labels) -> {
    Var h = Ops.relu(Ops.conv2d(x, p.get("conv1/weight"), p.get("conv1/bias"), 1, 1));
    h = Ops.maxPool2d(h, 2, 2);
    h = Ops.relu(Ops.conv2d(h, p.get("conv2/weight"), p.get("conv2/bias"), 2, 1));
    h = Ops.reshape(h, h.shape().dim(0), h.shape().size() / h.shape().dim(0));
    Var logits = Ops.biasAdd(Ops.matmul(h, p.get("dense/weight")), p.get("dense/bias"));
    return Ops.softmaxCrossEntropy(logits, labels);
  };

  private static Params params(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return Params.builder()
        .put("conv1/weight", Tensor.normal(Shape.of(4, 2, 3, 3), 0.5f, rng))
        .put("conv1/bias", Tensor.normal(Shape.of(4), 0.1f, rng))
        .put("conv2/weight", Tensor.normal(Shape.of(5, 4, 3, 3), 0.3f, rng))
        .put("conv2/bias", Tensor.normal(Shape.of(5), 0.1f, rng))
        .put("dense/weight", Tensor.normal(Shape.of(20, CLASSES), 0.3f, rng))
        .put("dense/bias", Tensor.zeros(CLASSES))
        .build();
  }

  /** Images {@code [7, 2, 9, 7]}: 9x7 -> 9x7 -> 4x3 -> 2x2, so 5 * 2 * 2 = 20 features. */
  private static Tensor images(long seed) {
    return Tensor.normal(Shape.of(EXAMPLES, 2, 9, 7), 1f, new SplittableRandom(seed));
  }

  private static final int[] LABELS = {0, 3, 1, 2, 2, 0, 1};

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void gradientsEqualALoopOfSingleExampleGrads(int chunk) {
    // normwise 1e-5: both sides are float32 with sums over at most a few hundred terms
    PerExampleOracle.of(LOSS).checking(PerExample.of(LOSS).withChunkSize(chunk))
        .assertGradMatchesLoop(params(1), images(2), LABELS, 1e-5);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void fusedStatisticsEqualNaiveStatisticsOfTheMaterializedGradients(int chunk) {
    // mean 1e-5 as above; the variance comes from q - s^2/n with float sums, whose rounding is
    // about 1e-7 of the mean square (see GradientStatsAccumulator), so 1e-4 normwise
    PerExampleOracle.of(LOSS).checking(PerExample.of(LOSS).withChunkSize(chunk))
        .assertGradStatsMatchNaive(params(3), images(4), LABELS, 1e-5, 1e-4);
  }

  @Test
  void noParameterOfTheNetworkIsMaterializedForItsStatistics() {
    PerExample.LossAndStats result = PerExample.of(LOSS).lossAndGradStats(params(5), images(6), LABELS);
    assertThat(result.materialized()).isEmpty();
    assertThat(result.stats().count()).isEqualTo(EXAMPLES);
  }

  @Test
  void theStatisticsDoNotDependOnWhatTheBuffersHeldBefore() {
    // buffers filled with NaN expose any element of a scratch or result array left unwritten
    ExecutionContext nan = ExecutionContext.threads(2).withBuffers(BufferSource.filledWith(Float.NaN));
    GradientStats fresh = PerExample.of(LOSS).gradStats(params(9), images(10), LABELS);
    GradientStats reused = PerExample.of(LOSS).withContext(nan).gradStats(params(9), images(10), LABELS);
    assertThat(reused.mean()).isEqualTo(fresh.mean());
    assertThat(reused.variance()).isEqualTo(fresh.variance());
  }

  @Test
  void aWeightUsedByTwoConvolutionsFallsBackToMaterializedGradientsAndStaysExact() {
    ExampleLoss shared = (p, x, labels) -> {
      Var w = p.get("w");
      Var h = Ops.relu(Ops.conv2d(x, w, null, 1, 1));
      h = Ops.conv2d(h, w, null, 2, 1);
      return Ops.sum(Ops.reshape(Ops.square(h), h.shape().dim(0), h.shape().size() / h.shape().dim(0)), 1);
    };
    Params p = Params.builder().put("w", Tensor.normal(Shape.of(2, 2, 3, 3), 0.5f, new SplittableRandom(7))).build();
    assertThat(PerExample.of(shared).lossAndGradStats(p, images(8), LABELS).materialized()).containsExactly("w");
    PerExampleOracle.of(shared)
        .assertGradMatchesLoop(p, images(8), LABELS, 1e-5)
        .assertGradStatsMatchNaive(p, images(8), LABELS, 1e-5, 1e-4);
  }
}
