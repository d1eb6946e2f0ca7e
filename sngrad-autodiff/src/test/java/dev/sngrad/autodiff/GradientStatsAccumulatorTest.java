package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.math.Stats;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
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
    return TensorArrays.wrap(Shape.of(n, p), v);
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
    return new Moments(n, TensorArrays.wrap(Shape.of(p), s), TensorArrays.wrap(Shape.of(p), q));
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
    // p = 67: the vector loop's tail; p = 3 chunks + 5: chunks spread over two threads. Powers of
    // two (1, 2, 128, 1024) take the path that multiplies by 1/n; the others divide.
    int[][] cases = {{1, 67}, {2, 67}, {7, 67}, {128, 67}, {1024, 67}, {1000, 67}, {3, 3 * GradientStatsAccumulator.CHUNK + 5},
        {4, 3 * GradientStatsAccumulator.CHUNK + 5}};
    for (int[] np : cases) {
      int n = np[0];
      int p = np[1];
      Tensor g = examples(n, p, 0.0, rng);
      float[] constant = TensorArrays.data(g).clone();
      for (int i = 0; i < n; i++) {
        constant[i * p] = 0.3f; // parameter 0: identical examples
        constant[i * p + 1] = 1e-30f * (i % 2); // parameter 1: tiny spread
        constant[i * p + p - 1] = 0f; // the last one, in the tail: all zero
        constant[i * p + 2] = -0f; // parameter 2: a sum of -0
        constant[i * p + 3] *= 1e30f; // parameters 3 and 4: magnitudes far from 1
        constant[i * p + 4] *= 1e-30f;
      }
      Moments m = moments(TensorArrays.wrap(g.shape(), constant));
      GradientStatsAccumulator fused = new GradientStatsAccumulator();
      fused.addMoments("w", m);
      GradientStatsAccumulator general = new GradientStatsAccumulator();
      general.addMoments("w", m);
      general.addExamples("w", Tensor.zeros(0, p));
      GradientStats a = fused.snapshot(ExecutionContext.threads(2));
      GradientStats b = general.snapshot();
      assertThat(a.count()).isEqualTo(n);
      assertThat(a.mean()).as("n %s", n).isEqualTo(b.mean());
      assertThat(a.variance()).as("n %s", n).isEqualTo(b.variance());
      assertThat(a.variance().get("w").getFlat(0)).isZero();
      // both forms of the one-pass loop, whichever this JVM takes by default (CpuFeatures)
      for (boolean vector : new boolean[] {false, true}) {
        float[] mean = new float[p];
        float[] variance = new float[p];
        GradientStatsAccumulator.snapshotOfOneAdd(m, mean, variance, 0, p, 0, vector);
        assertThat(mean).as("vector loop %s, n %s", vector, n).isEqualTo(TensorArrays.data(b.mean().get("w")));
        assertThat(variance).as("vector loop %s, n %s", vector, n).isEqualTo(TensorArrays.data(b.variance().get("w")));
      }
    }
  }
  @Test
  void finishWritesOwnedMomentsInPlaceWithTheBitsOfTheSnapshot() {
    SplittableRandom rng = new SplittableRandom(11);
    int p = 3 * GradientStatsAccumulator.CHUNK + 7;
    for (int n : new int[] {128, 5}) {
      Moments owned = moments(examples(n, p, 0.1, rng));
      Moments copy = new Moments(n, Tensor.of(owned.sum().shape(), TensorArrays.data(owned.sum()).clone()),
          Tensor.of(owned.sumOfSquares().shape(), TensorArrays.data(owned.sumOfSquares()).clone()));
      Moments bias = moments(examples(n, 9, 0.0, rng));
      GradientStatsAccumulator reference = new GradientStatsAccumulator();
      reference.addMoments("w", copy);
      reference.addMoments("b", bias);
      GradientStatsAccumulator acc = new GradientStatsAccumulator();
      acc.addOwnedMoments("w", owned);
      acc.addMoments("b", bias);

      GradientStats expected = reference.snapshot(ExecutionContext.threads(2));
      GradientStats stats = acc.finish(ExecutionContext.threads(2));

      assertThat(stats.mean()).isEqualTo(expected.mean());
      assertThat(stats.variance()).isEqualTo(expected.variance());
      assertThat(TensorArrays.data(stats.mean().get("w"))).as("written over the sums").isSameAs(TensorArrays.data(owned.sum()));
      assertThat(TensorArrays.data(stats.variance().get("w"))).isSameAs(TensorArrays.data(owned.sumOfSquares()));
      assertThat(TensorArrays.data(stats.mean().get("b"))).as("not owned: fresh").isNotSameAs(TensorArrays.data(bias.sum()));
      assertThatThrownBy(acc::count).hasMessageContaining("no gradients added");
    }
  }

  @Test
  void ownedMomentsFoldedWithMoreExamplesAreLeftAlone() {
    SplittableRandom rng = new SplittableRandom(12);
    Tensor first = examples(4, 10, 0.0, rng);
    Tensor second = examples(3, 10, 0.0, rng);
    Moments owned = moments(first);
    float[] sumBefore = TensorArrays.data(owned.sum()).clone();
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    acc.addOwnedMoments("w", owned);
    acc.addExamples("w", second);
    GradientStats stats = acc.finish(ExecutionContext.of(MatMulKernel.scalar(), WorkerThreads.shared(1)));

    assertThat(TensorArrays.data(owned.sum())).containsExactly(sumBefore);
    GradientStatsAccumulator reference = new GradientStatsAccumulator();
    reference.addMoments("w", moments(first));
    reference.addExamples("w", second);
    assertThat(stats.mean()).isEqualTo(reference.snapshot().mean());
    assertThat(stats.variance()).isEqualTo(reference.snapshot().variance());
  }
}
