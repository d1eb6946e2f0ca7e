package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.optim.transform.Transforms;
import dev.sngrad.optim.train.Minibatch;
import dev.sngrad.optim.train.StepResult;
import dev.sngrad.optim.train.TrainStep;
import dev.sngrad.optim.train.TrainingSession;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The noise scale that updates report, against a naive computation from the materialized
 * per-example gradients of a small ReLU MLP (5 inputs, 7 hidden units, 3 classes).
 */
class NoiseScaleTest {
  private static final int FEATURES = 5;
  private static final int CLASSES = 3;

  private static final ExampleLoss MLP = (p, x, labels) -> {
    var hidden = Ops.relu(Ops.biasAdd(Ops.matmul(x, p.get("hidden/weight")), p.get("hidden/bias")));
    return Ops.softmaxCrossEntropy(Ops.biasAdd(Ops.matmul(hidden, p.get("out/weight")), p.get("out/bias")), labels);
  };

  private static Params params() {
    SplittableRandom rng = new SplittableRandom(11);
    return Params.builder()
        .put("hidden/weight", Tensor.normal(Shape.of(FEATURES, 7), 0.6f, rng))
        .put("hidden/bias", Tensor.normal(Shape.of(7), 0.1f, rng))
        .put("out/weight", Tensor.normal(Shape.of(7, CLASSES), 0.5f, rng))
        .put("out/bias", Tensor.normal(Shape.of(CLASSES), 0.1f, rng))
        .build();
  }

  private static Minibatch batch(int examples, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor x = Tensor.normal(Shape.of(examples, FEATURES), 1f, rng);
    int[] labels = new int[examples];
    for (int i = 0; i < examples; i++) {
      labels[i] = rng.nextInt(CLASSES);
    }
    return new Minibatch(x, labels);
  }

  /**
   * Per parameter, {sum_j variance_j, sum_j mean_j^2} from the per-example gradients {@code [B,
   * ...]}, with the population variance, by the textbook two-pass formula in double.
   */
  private static Map<String, double[]> naive(Params perExample) {
    Map<String, double[]> sums = new java.util.LinkedHashMap<>();
    perExample.asMap().forEach((name, g) -> {
      int b = g.shape().dim(0);
      int n = g.size() / b;
      float[] data = g.toArray();
      double varianceSum = 0;
      double squaredNorm = 0;
      for (int j = 0; j < n; j++) {
        double mean = 0;
        for (int i = 0; i < b; i++) {
          mean += data[i * n + j];
        }
        mean /= b;
        double squares = 0;
        for (int i = 0; i < b; i++) {
          double d = data[i * n + j] - mean;
          squares += d * d;
        }
        varianceSum += squares / b;
        squaredNorm += mean * mean;
      }
      sums.put(name, new double[] {varianceSum, squaredNorm});
    });
    return sums;
  }

  private static void assertMatchesNaive(NoiseScale reported, Map<String, double[]> expected, String what) {
    assertThat(reported.layers().keySet()).as(what).containsExactlyElementsOf(expected.keySet());
    double varianceSum = 0;
    double squaredNorm = 0;
    for (Map.Entry<String, double[]> e : expected.entrySet()) {
      NoiseScale.Layer layer = reported.layer(e.getKey());
      double[] sums = e.getValue();
      // float statistics: about 1e-6 relative per element
      assertThat(layer.varianceSum()).as("%s %s variance", what, e.getKey()).isCloseTo(sums[0], within(1e-5 * sums[0] + 1e-12));
      assertThat(layer.meanSquaredNorm()).as("%s %s |mean|^2", what, e.getKey()).isCloseTo(sums[1], within(1e-5 * sums[1] + 1e-12));
      assertThat(layer.simple()).as("%s %s B_simple", what, e.getKey()).isCloseTo(sums[0] / sums[1], within(1e-4 * sums[0] / sums[1]));
      varianceSum += sums[0];
      squaredNorm += sums[1];
    }
    assertThat(reported.simple()).as(what).isCloseTo(varianceSum / squaredNorm, within(1e-4 * varianceSum / squaredNorm));
  }

  @Test
  void stepsReportTheNoiseScaleOfTheMaterializedPerExampleGradients() {
    List<GradientTransform<?>> optimizers = List.of(
        Optimizers.sgdSnr(0.1, SnrRule.III, 0.5),
        Optimizers.adamSnr(0.01, SnrRule.II, 0.3),
        Transforms.chain(new ReportNoiseScale(), Optimizers.sgd(0.1)));
    for (GradientTransform<?> optimizer : optimizers) {
      for (int chunk : new int[] {0, 6}) {
        TrainStep step = TrainStep.of(MLP, optimizer).withChunkSize(chunk);
        TrainingSession session = TrainingSession.start(step, params());
        for (int t = 0; t < 3; t++) {
          Params before = session.params();
          Minibatch b = batch(t == 2 ? 13 : 32, 40 + t);
          Map<String, double[]> expected = naive(PerExample.of(MLP).grad(before, b.inputs(), b.labels()));
          TrainingSession.Report r = session.step(b);
          String what = optimizer + ", chunk " + chunk + ", step " + t;
          assertMatchesNaive(r.noiseScale().orElseThrow(), expected, what);
          StepResult direct = step.apply(before, step.init(before), b, 0);
          assertThat(direct.noiseScale()).as(what).isEqualTo(r.noiseScale());
        }
      }
    }
  }

  @Test
  void theGeneralUpdateReportsTheSameNoiseScaleAsTheOnePassStep() {
    Params p = params();
    Minibatch b = batch(24, 3);
    GradientStats stats = PerExample.of(MLP).gradStats(p, b.inputs(), b.labels());
    Map<String, double[]> expected = naive(PerExample.of(MLP).grad(p, b.inputs(), b.labels()));
    for (GradientTransform<EmptyState> t : List.of(new ReportNoiseScale(), ScaleBySignalToNoise.of(SnrRule.I, 2, 0))) {
      Update<EmptyState> u = t.update(stats.mean(), t.init(p), StepContext.withStats(p, stats, 0));
      assertMatchesNaive(u.aux().first(NoiseScale.class).orElseThrow(), expected, t.toString());
    }
    // ReportNoiseScale leaves the update as it is
    Update<EmptyState> u = new ReportNoiseScale().update(stats.mean(), EmptyState.instance(), StepContext.withStats(p, stats, 0));
    assertThat(u.updates()).isEqualTo(stats.mean());
  }

  @Test
  void sumsDoNotDependOnTheThreadsAndMatchALiteralLoop() {
    // 70,003 elements: three chunks and a tail that is not a multiple of 4
    SplittableRandom rng = new SplittableRandom(9);
    Tensor mean = Tensor.normal(Shape.of(70_003), 0.01f, rng);
    float[] v = new float[70_003];
    double varianceSum = 0;
    double squaredNorm = 0;
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) rng.nextDouble(0, 1e-3);
      varianceSum += v[j];
      squaredNorm += (double) mean.toArray()[j] * mean.toArray()[j];
    }
    Params mu = Params.builder().put("w", mean).build();
    GradientStats stats = new GradientStats(mu, Params.builder().put("w", Tensor.of(Shape.of(v.length), v)).build(), 16);
    NoiseScale one = update(mu, stats, ExecutionContext.of(MatMulKernel.scalar(), WorkerThreads.shared(1)));
    NoiseScale two = update(mu, stats, ExecutionContext.threads(2));
    assertThat(two).isEqualTo(one);
    assertThat(one.layer("w").varianceSum()).isCloseTo(varianceSum, within(1e-9 * varianceSum));
    assertThat(one.layer("w").meanSquaredNorm()).isCloseTo(squaredNorm, within(1e-9 * squaredNorm));
  }

  @Test
  void theRulePassSumsTheBitsOfTheBlockSums() {
    // the rule pass adds the noise-scale sums in its own loop; ReportNoiseScale uses Chunk.add
    SplittableRandom rng = new SplittableRandom(23);
    for (int n : new int[] {0, 1, 3, 4, 7, 8, 1001, 2048}) {
      float[] mean = new float[n];
      float[] variance = new float[n];
      for (int j = 0; j < n; j++) {
        mean[j] = (float) (rng.nextGaussian() * Math.scalb(1.0, rng.nextInt(-60, 60)));
        variance[j] = rng.nextInt(5) == 0 ? 0f : (float) Math.scalb(rng.nextDouble(), rng.nextInt(-120, 120));
      }
      NoiseScaleSums.Chunk blocks = new NoiseScaleSums.Chunk();
      blocks.add(mean, variance, n);
      blocks.add(mean, variance, n);
      for (SnrPass pass : new SnrPass[] {new ScalarSnrPass(SnrRule.II, 0.5, 0), new VectorSnrPass(SnrRule.II, 0.5, 0)}) {
        SnrPass.Lanes lanes = new SnrPass.Lanes();
        assertThat(pass.apply(mean.clone(), mean, variance, new float[n], 0, n, lanes)).isTrue();
        assertThat(pass.apply(mean.clone(), mean, variance, new float[n], 0, n, lanes)).isTrue();
        assertThat(lanes.noise.variance).as("%s n %s", pass, n).containsExactly(blocks.variance);
        assertThat(lanes.noise.squared).as("%s n %s", pass, n).containsExactly(blocks.squared);
      }
    }
  }

  private static NoiseScale update(Params mu, GradientStats stats, ExecutionContext context) {
    ScaleBySignalToNoise snr = ScaleBySignalToNoise.of(SnrRule.III, 1, 0);
    return snr.update(mu, snr.init(mu), StepContext.withStats(mu, stats, 0).withExecution(context))
        .aux().first(NoiseScale.class).orElseThrow();
  }

  @Test
  void ratioEdgeCasesAndLookups() {
    NoiseScale s = new NoiseScale(com.google.common.collect.ImmutableMap.of(
        "a", new NoiseScale.Layer(2, 0.5), "b", new NoiseScale.Layer(1, 0), "c", new NoiseScale.Layer(0, 0)));
    assertThat(s.layer("a").simple()).isEqualTo(4);
    assertThat(s.layer("b").simple()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.layer("c").simple()).isNaN();
    assertThat(s.simple()).isEqualTo(3 / 0.5);
    assertThatThrownBy(() -> s.layer("d")).hasMessageContaining("'d'").hasMessageContaining("[a, b, c]");
    assertThatThrownBy(() -> new NoiseScale.Layer(-1, 0)).hasMessageContaining("-1");
    assertThatThrownBy(() -> new NoiseScale.Layer(0, Double.NaN)).hasMessageContaining("NaN");
  }
}
