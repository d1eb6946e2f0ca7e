package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.math.Stats;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientStatsAccumulatorTest {
  private static Tensor examples(int n, int p, double offset, SplittableRandom rng) {
    float[] v = new float[n * p];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (offset + rng.nextDouble(-1, 1));
    }
    return Tensor.wrap(Shape.of(n, p), v);
  }

  private static Moments moments(Tensor g) {
    int n = g.shape().dim(0);
    int p = g.size() / n;
    float[] s = new float[p];
    float[] q = new float[p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        float v = g.getFlat(i * p + j);
        s[j] += v;
        q[j] += v * v;
      }
    }
    return new Moments(n, Tensor.wrap(Shape.of(p), s), Tensor.wrap(Shape.of(p), q));
  }

  @Test
  void welfordAndChunkedMomentsMatchGuavaStats() {
    SplittableRandom rng = new SplittableRandom(5);
    Tensor a = examples(13, 4, 3.0, rng);
    Tensor b = examples(7, 4, 3.0, rng);
    GradientStatsAccumulator welford = new GradientStatsAccumulator();
    welford.addExamples("w", a);
    welford.addExamples("w", b);
    GradientStatsAccumulator fused = new GradientStatsAccumulator();
    fused.addMoments("w", moments(a));
    fused.addMoments("w", moments(b));
    GradientStats sw = welford.snapshot();
    GradientStats sf = fused.snapshot();
    assertThat(sw.count()).isEqualTo(20);
    assertThat(sf.count()).isEqualTo(20);
    for (int j = 0; j < 4; j++) {
      double[] column = new double[20];
      for (int i = 0; i < 13; i++) {
        column[i] = a.getFlat(i * 4 + j);
      }
      for (int i = 0; i < 7; i++) {
        column[13 + i] = b.getFlat(i * 4 + j);
      }
      Stats expected = Stats.of(column);
      assertThat(sw.mean().get("w").getFlat(j)).isCloseTo((float) expected.mean(), within(1e-6f));
      assertThat(sw.variance().get("w").getFlat(j)).isCloseTo((float) expected.populationVariance(), within(1e-6f));
      assertThat(sf.mean().get("w").getFlat(j)).isCloseTo((float) expected.mean(), within(1e-5f));
      assertThat(sf.variance().get("w").getFlat(j)).isCloseTo((float) expected.populationVariance(), within(1e-4f));
    }
  }

  @Test
  void parametersWithDifferentCountsAreAnError() {
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    acc.addExamples("w", Tensor.zeros(3, 2));
    acc.addExamples("b", Tensor.zeros(2, 2));
    assertThatThrownBy(acc::snapshot).isInstanceOf(IllegalStateException.class).hasMessageContaining("'b' has 2 examples");
  }

  @Test
  void oneBatchOfMomentsGivesTheBitsOfTheTwoStepPath() {
    // A single addMoments is snapshotted in one fused pass; adding zero examples afterwards forces
    // the general path (fold into the double arrays, then snapshot). Both must agree bit for bit,
    // including near-constant parameters whose variance falls under the rounding bound.
    SplittableRandom rng = new SplittableRandom(9);
    // p = 67: the vector loop's tail; p = 3 chunks + 5: chunks spread over two threads
    for (int[] np : new int[][] {{1, 67}, {2, 67}, {7, 67}, {128, 67}, {3, 3 * GradientStatsAccumulator.CHUNK + 5}}) {
      int n = np[0];
      int p = np[1];
      Tensor g = examples(n, p, 0.0, rng);
      float[] constant = g.rawData().clone();
      for (int i = 0; i < n; i++) {
        constant[i * p] = 0.3f; // parameter 0: identical examples
        constant[i * p + 1] = 1e-30f * (i % 2); // parameter 1: tiny spread
        constant[i * p + p - 1] = 0f; // the last one, in the tail: all zero
      }
      Moments m = moments(Tensor.wrap(g.shape(), constant));
      GradientStatsAccumulator fused = new GradientStatsAccumulator();
      fused.addMoments("w", m);
      GradientStatsAccumulator general = new GradientStatsAccumulator();
      general.addMoments("w", m);
      general.addExamples("w", Tensor.zeros(0, p));
      GradientStats a = fused.snapshot(dev.sngrad.autodiff.linalg.MatMulKernel.parallel(2));
      GradientStats b = general.snapshot();
      assertThat(a.count()).isEqualTo(n);
      assertThat(a.mean()).as("n %s", n).isEqualTo(b.mean());
      assertThat(a.variance()).as("n %s", n).isEqualTo(b.variance());
      assertThat(a.variance().get("w").getFlat(0)).isZero();
    }
  }
}
