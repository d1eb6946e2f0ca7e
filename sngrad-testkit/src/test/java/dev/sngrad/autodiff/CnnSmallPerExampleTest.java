package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.nn.spec.ModelSpec;
import dev.sngrad.testkit.PerExampleOracle;
import dev.sngrad.testkit.SngradAssertions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance check of per-example convolutions on the real {@code cnn-small} (P = 1,070,794)
 * at CIFAR-10's shape, {@code B = 32} flat images {@code [32, 3072]} of seeded noise:
 * {@code PerExample.grad} equals a loop of 32 single-example {@link Grad} calls, and the fused
 * {@code gradStats} equal Guava's statistics of the materialized gradients, with no parameter
 * falling back to materialization.
 *
 * <p>"Relative" is normwise per parameter tensor: {@code ||actual - expected||_2 / ||expected||_2}
 * over all its elements (for per-example gradients the whole {@code [32, ...]} stack), in double.
 * The loop and the batched transform sum the same float32 terms in different orders (a conv1 weight
 * sums 1,024 output positions, dense1 4,096 features), so their difference is rounding, of the order
 * of {@code 1e-7}; a wrong gradient for even one example of 32 is of the order of {@code 1e-1}.
 *
 * <p>The loop and the materialized gradients ({@code 2 x 32 x P} floats, about 275 MB) are computed
 * once for the class; the class runs in a few seconds.
 */
class CnnSmallPerExampleTest {
  private static final Shape CIFAR = Shape.of(3, 32, 32);
  private static final int CLASSES = 10;
  private static final int EXAMPLES = 32;

  private static ExampleLoss loss;
  private static Params params;
  private static Tensor images;
  private static int[] labels;
  private static Params batched;
  private static Params loop;

  @BeforeAll
  static void computeBothSides() {
    Sequential network = ModelSpec.parse(ModelSpec.CNN_SMALL).build(CIFAR, CLASSES);
    loss = new Model(network, Loss.softmaxCrossEntropy()).exampleLoss(Phase.inference());
    params = network.init(11);
    SplittableRandom rng = new SplittableRandom(12);
    images = Tensor.normal(Shape.of(EXAMPLES, CIFAR.size()), 1f, rng);
    labels = rng.ints(EXAMPLES, 0, CLASSES).toArray();
    batched = PerExample.of(loss).grad(params, images, labels);
    loop = PerExampleOracle.loopOfSingleExampleGrads(loss, params, images, labels);
  }

  @Test
  void theNetworkIsCnnSmallAtCifarShape() {
    assertThat(params.totalSize()).isEqualTo(1_070_794);
    assertThat(batched.get("conv1/weight").shape()).isEqualTo(Shape.of(EXAMPLES, 32, 3, 3, 3));
  }

  @Test
  void perExampleGradientsEqualALoopOfSingleExampleGrads() {
    SngradAssertions.assertThat(batched).hasRelativeErrorAtMost(loop, 1e-5);
  }

  @Test
  void theComparisonFailsWhenOneExampleOfTheLoopHasAnotherLabel() {
    int[] perturbed = labels.clone();
    perturbed[17] = (perturbed[17] + 1) % CLASSES;
    Params wrongLoop = PerExampleOracle.loopOfSingleExampleGrads(loss, params, images, perturbed);
    assertThatThrownBy(() -> SngradAssertions.assertThat(batched).hasRelativeErrorAtMost(wrongLoop, 1e-5))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("normwise relative error");
  }

  @Test
  void fusedStatisticsEqualNaiveStatisticsOfTheMaterializedGradients() {
    PerExample.LossAndStats fused = PerExample.of(loss).lossAndGradStats(params, images, labels);
    assertThat(fused.materialized()).as("parameters whose statistics fell back to materialized gradients").isEmpty();
    assertThat(fused.stats().count()).isEqualTo(EXAMPLES);
    // mean as the gradients; the fused variance is q - s^2/n over float partial sums, whose
    // rounding is about 1e-7 of the mean square (see GradientStatsAccumulator), so 1e-4
    for (Params materialized : new Params[] {batched, loop}) {
      GradientStats naive = PerExampleOracle.naiveStats(materialized);
      SngradAssertions.assertThat(fused.stats().mean()).hasRelativeErrorAtMost(naive.mean(), 1e-5);
      SngradAssertions.assertThat(fused.stats().variance()).hasRelativeErrorAtMost(naive.variance(), 1e-4);
    }
  }
}
