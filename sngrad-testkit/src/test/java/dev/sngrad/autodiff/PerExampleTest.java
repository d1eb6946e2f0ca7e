package dev.sngrad.autodiff;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PerExample} against the testkit's oracle (a loop of single-example {@link Grad} calls,
 * naive statistics). It lives in sngrad-testkit's tests because the oracle depends on
 * sngrad-autodiff, and Maven refuses a cycle even at test scope.
 */
class PerExampleTest {
  private static final TestMlp MLP = new TestMlp(20, 16, 12, 5);

  @Test
  void perExampleGradientsEqualALoopOfSingleExampleGrads() {
    Params params = MLP.init(1);
    Tensor x = TestMlp.inputs(32, 20, 2);
    int[] labels = TestMlp.labels(32, 5, 3);

    Params batched = PerExample.of(MLP.loss()).grad(params, x, labels);
    Params loop = PerExampleOracle.loopOfSingleExampleGrads(MLP.loss(), params, x, labels);

    for (String name : params.asMap().keySet()) {
      assertThat(batched.get(name)).hasShape(loop.get(name).shape());
      for (int i = 0; i < labels.length; i++) {
        assertThat(batched.get(name).row(i)).as("%s of example %s", name, i)
            .hasRelativeErrorAtMost(loop.get(name).row(i), 1e-5);
      }
    }
  }

  @Test
  void meanOfPerExampleGradientsIsTheGradientOfTheMeanLoss() {
    Params params = MLP.init(4);
    Tensor x = TestMlp.inputs(16, 20, 5);
    int[] labels = TestMlp.labels(16, 5, 6);
    Params perExample = PerExample.of(MLP.loss()).grad(params, x, labels);
    Params grad = Grad.of(p -> Ops.mean(MLP.loss().apply(p, Var.constant(x), labels))).apply(params);
    for (String name : params.asMap().keySet()) {
      Tensor g = perExample.get(name);
      int p = g.size() / 16;
      float[] mean = new float[p];
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int i = 0; i < 16; i++) {
          s += g.getFlat(i * p + j);
        }
        mean[j] = (float) (s / 16);
      }
      assertThat(TensorArrays.wrap(grad.get(name).shape(), mean)).hasRelativeErrorAtMost(grad.get(name), 1e-5);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 32, 50})
  void chunkingGivesTheSameGradients(int chunk) {
    Params params = MLP.init(7);
    Tensor x = TestMlp.inputs(32, 20, 8);
    int[] labels = TestMlp.labels(32, 5, 9);
    Params whole = PerExample.of(MLP.loss()).grad(params, x, labels);
    Params chunked = PerExample.of(MLP.loss()).withChunkSize(chunk).grad(params, x, labels);
    for (String name : params.asMap().keySet()) {
      assertThat(chunked.get(name)).hasRelativeErrorAtMost(whole.get(name), 1e-6);
    }
  }

  @Test
  void momentsAndStatisticsAreAvailableInAnyOrderAndGiveTheSameBits() {
    Params params = MLP.init(3);
    Tensor x = TestMlp.inputs(16, 20, 13);
    int[] labels = TestMlp.labels(16, 5, 14);
    PerExample perExample = PerExample.of(MLP.loss());
    GradientStats reference = perExample.lossAndGradStats(params, x, labels).stats();

    PerExample.LossAndMoments result = perExample.lossAndGradMoments(params, x, labels);
    GradientStats statsFirst = result.stats(); // before the moments: they stay available and intact
    var moments = result.moments().orElseThrow();
    assertThat(moments.keySet()).isEqualTo(params.asMap().keySet());
    Map<String, float[]> sums = new LinkedHashMap<>();
    moments.forEach((name, m) -> sums.put(name, TensorArrays.data(m.sum()).clone()));
    GradientStats stats = result.stats();
    for (GradientStats s : new GradientStats[] {statsFirst, stats}) {
      assertThat(s.mean()).isEqualTo(reference.mean());
      assertThat(s.variance()).isEqualTo(reference.variance());
    }
    moments.forEach((name, m) -> assertThat(TensorArrays.data(m.sum())).as("moments stay intact").containsExactly(sums.get(name)));
    assertThat(result.moments().orElseThrow()).isSameAs(moments);
    for (String name : params.asMap().keySet()) {
      float[] mean = new float[moments.get(name).sum().size()];
      float[] variance = new float[mean.length];
      GradientStatsAccumulator.meanAndVariance(moments.get(name), 0, mean.length, mean, variance, 0);
      assertThat(TensorArrays.wrap(stats.mean().get(name).shape(), mean)).isEqualTo(stats.mean().get(name));
      assertThat(TensorArrays.wrap(stats.mean().get(name).shape(), variance)).isEqualTo(stats.variance().get(name));
    }

    PerExample.LossAndMoments chunked = perExample.withChunkSize(5).lossAndGradMoments(params, x, labels);
    assertThat(chunked.moments()).as("several passes: no single batch of moments").isEmpty();
    assertThat(chunked.stats().mean().get("dense1/weight").shape()).isEqualTo(params.get("dense1/weight").shape());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 128})
  void fusedMomentsEqualNaiveStatisticsOfMaterializedGradients(int examples) {
    Params params = MLP.init(10 + examples);
    Tensor x = TestMlp.inputs(examples, 20, 11);
    int[] labels = TestMlp.labels(examples, 5, 12);

    PerExample.LossAndStats fused = PerExample.of(MLP.loss()).lossAndGradStats(params, x, labels);
    GradientStats naive = PerExampleOracle.naiveStats(PerExample.of(MLP.loss()).grad(params, x, labels));

    assertThat(fused.materialized()).as("every MLP parameter takes the fused path").isEmpty();
    assertThat(fused.stats().count()).isEqualTo(examples);
    double worstMean = 0;
    double worstVariance = 0;
    for (String name : params.asMap().keySet()) {
      Tensor mean = fused.stats().mean().get(name);
      Tensor variance = fused.stats().variance().get(name);
      for (int j = 0; j < mean.size(); j++) {
        double m = naive.mean().get(name).getFlat(j);
        double v = naive.variance().get(name).getFlat(j);
        double meanSquare = v + m * m; // scale of the sum-of-squares formula's rounding error
        assertThat(variance.getFlat(j)).isGreaterThanOrEqualTo(0f);
        if (meanSquare > 0) {
          worstMean = Math.max(worstMean, Math.abs(mean.getFlat(j) - m) / Math.sqrt(meanSquare));
          worstVariance = Math.max(worstVariance, Math.abs(variance.getFlat(j) - v) / meanSquare);
        }
      }
      assertThat(variance).hasRelativeErrorAtMost(naive.variance().get(name), examples == 1 ? 0 : 1e-4);
      assertThat(mean).hasRelativeErrorAtMost(naive.mean().get(name), 1e-5);
    }
    System.out.printf(
        "fused moments, B=%d: largest mean error %.3g (of rms), variance error %.3g (of mean square)%n",
        examples, worstMean, worstVariance);
    assertThat(worstMean).isLessThanOrEqualTo(1e-5);
    assertThat(worstVariance).isLessThanOrEqualTo(1e-5);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 128})
  void identicalExamplesHaveExactlyZeroVariance(int examples) {
    Params params = MLP.init(20);
    Tensor one = TestMlp.inputs(1, 20, 21);
    float[] rows = new float[examples * 20];
    for (int i = 0; i < examples; i++) {
      System.arraycopy(TensorArrays.data(one), 0, rows, i * 20, 20);
    }
    int[] labels = new int[examples];
    Arrays.fill(labels, 3);
    Tensor x = Tensor.of(Shape.of(examples, 20), rows);

    for (PerExample transform : List.of(PerExample.of(MLP.loss()), PerExample.of(MLP.loss()).withChunkSize(3))) {
      GradientStats stats = transform.gradStats(params, x, labels);
      for (Tensor v : stats.variance().asMap().values()) {
        for (int j = 0; j < v.size(); j++) {
          assertThat(v.getFlat(j)).isZero();
        }
      }
    }
  }

  @Test
  void chunkedStatisticsAgreeWithWholeBatch() {
    Params params = MLP.init(30);
    Tensor x = TestMlp.inputs(50, 20, 31);
    int[] labels = TestMlp.labels(50, 5, 32);
    GradientStats whole = PerExample.of(MLP.loss()).gradStats(params, x, labels);
    GradientStats chunked = PerExample.of(MLP.loss()).withChunkSize(16).gradStats(params, x, labels);
    assertThat(chunked.count()).isEqualTo(50);
    for (String name : params.asMap().keySet()) {
      assertThat(chunked.mean().get(name)).hasRelativeErrorAtMost(whole.mean().get(name), 1e-5);
      assertThat(chunked.variance().get(name)).hasRelativeErrorAtMost(whole.variance().get(name), 1e-4);
    }
  }

  /** A weight used twice, one used through a transpose and one through a scaling cannot use the fused moments. */
  @Test
  void parametersUsedOtherwiseFallBackToMaterializationCorrectly() {
    ExampleLoss loss = (p, x, labels) -> {
      Var w = p.get("w");
      Var h = Ops.tanh(Ops.matmul(x, w)); // [B, 6]
      Var h2 = Ops.matmul(h, Ops.transpose(p.get("v"))); // v: [4, 6] used through a transpose
      Var logits = Ops.add(Ops.matmul(h2, w), Ops.matmul(x, Ops.mulScalar(p.get("u"), 0.5f))); // [B, 6]
      return Ops.softmaxCrossEntropy(Ops.sum(Ops.reshape(logits, labels.length, 3, 2), 2), labels);
    };
    java.util.SplittableRandom rng = new java.util.SplittableRandom(40);
    Params params = Params.builder()
        .put("w", Tensor.normal(Shape.of(4, 6), 0.5f, rng))
        .put("v", Tensor.normal(Shape.of(4, 6), 0.5f, rng))
        .put("u", Tensor.normal(Shape.of(4, 6), 0.5f, rng))
        .put("unused", Tensor.normal(Shape.of(3), 1f, rng))
        .build();
    Tensor x = Tensor.normal(Shape.of(9, 4), 1f, rng);
    int[] labels = TestMlp.labels(9, 3, 41);

    Params batched = PerExample.of(loss).grad(params, x, labels);
    Params loop = PerExampleOracle.loopOfSingleExampleGrads(loss, params, x, labels);
    for (String name : params.asMap().keySet()) {
      assertThat(batched.get(name)).hasRelativeErrorAtMost(loop.get(name), 1e-5);
    }
    assertThat(batched.get("unused")).isCloseTo(Tensor.zeros(9, 3), 0);

    PerExample.LossAndStats stats = PerExample.of(loss).withChunkSize(4).lossAndGradStats(params, x, labels);
    assertThat(stats.materialized()).containsExactlyInAnyOrder("w", "v", "u", "unused");
    GradientStats naive = PerExampleOracle.naiveStats(loop);
    for (String name : params.asMap().keySet()) {
      assertThat(stats.stats().mean().get(name)).hasRelativeErrorAtMost(naive.mean().get(name), 1e-5);
      assertThat(stats.stats().variance().get(name)).hasRelativeErrorAtMost(naive.variance().get(name), 1e-5);
    }
  }

  @Test
  void lossesAreReturnedPerExample() {
    Params params = MLP.init(50);
    Tensor x = TestMlp.inputs(10, 20, 51);
    int[] labels = TestMlp.labels(10, 5, 52);
    Tensor losses = PerExample.of(MLP.loss()).withChunkSize(4).lossAndGradStats(params, x, labels).losses();
    Tensor direct = MLP.loss().apply(Vars.constants(params), Var.constant(x), labels).value();
    assertThat(losses).isBitIdenticalTo(direct);
  }

  @Test
  void opsThatMixExamplesAreRefused() {
    Params params = MLP.init(60);
    Tensor x = TestMlp.inputs(4, 20, 61);
    int[] labels = TestMlp.labels(4, 5, 62);
    ExampleLoss mixing = (p, in, y) -> Ops.softmaxCrossEntropy(
        Ops.sub(MLP.logits(p, in), Ops.reshape(Ops.mean(MLP.logits(p, in), 0), 1, 5)), y);
    assertThatThrownBy(() -> PerExample.of(mixing).grad(params, x, labels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean")
        .hasMessageContaining("example axis")
        .hasMessageContaining("[4, 5]");
    ExampleLoss scalar = (p, in, y) -> Ops.mean(Ops.softmaxCrossEntropy(MLP.logits(p, in), y));
    assertThatThrownBy(() -> PerExample.of(scalar).grad(params, x, labels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes examples");
  }

  @Test
  void badBatchesAreRefusedWithShapes() {
    Params params = MLP.init(70);
    assertThatThrownBy(() -> PerExample.of(MLP.loss()).grad(params, TestMlp.inputs(4, 20, 1), new int[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 20]")
        .hasMessageContaining("3 labels");
    assertThatThrownBy(() -> PerExample.of(MLP.loss()).grad(params, TestMlp.inputs(4, 21, 1), new int[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matmul")
        .hasMessageContaining("[4, 21]")
        .hasMessageContaining("[20, 16]");
  }
}
