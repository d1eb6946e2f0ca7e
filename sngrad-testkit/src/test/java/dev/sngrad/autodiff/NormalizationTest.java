package dev.sngrad.autodiff;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Ops#groupNorm} and {@link Ops#layerNorm} against a direct loop reference in double (its
 * VJPs against double-precision central differences of that reference), their per-example
 * gradients against a loop of single-example {@link Grad} calls, their fused moments against
 * naive ones, and their errors. Odd sizes throughout: batch 7, 6 channels, 3 x 5 positions.
 */
class NormalizationTest {
  private static final int BATCH = 7;
  private static final int CHANNELS = 6;
  private static final int POSITIONS = 15; // 3 x 5
  private static final double EPS = 1e-5;

  /**
   * {@code torch.nn.GroupNorm} as written in its definition: for each example and group, the mean,
   * then the population variance (two passes, double), then {@code (x - mean) / sqrt(var + eps) *
   * gamma[c] + beta[c]}. Layer normalization over {@code d} trailing elements is the same with one
   * group of {@code d} channels of one position each.
   */
  private static double[] groupNormReference(double[] x, int channels, int positions, int groups, double[] gamma, double[] beta) {
    double[] y = new double[x.length];
    int batch = x.length / (channels * positions);
    int perGroup = channels / groups;
    for (int b = 0; b < batch; b++) {
      for (int g = 0; g < groups; g++) {
        double sum = 0;
        for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
          for (int p = 0; p < positions; p++) {
            sum += x[(b * channels + c) * positions + p];
          }
        }
        double mean = sum / (perGroup * positions);
        double squares = 0;
        for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
          for (int p = 0; p < positions; p++) {
            double d = x[(b * channels + c) * positions + p] - mean;
            squares += d * d;
          }
        }
        double std = Math.sqrt(squares / (perGroup * positions) + EPS);
        for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
          for (int p = 0; p < positions; p++) {
            int at = (b * channels + c) * positions + p;
            y[at] = (x[at] - mean) / std * gamma[c] + beta[c];
          }
        }
      }
    }
    return y;
  }

  private static Tensor normal(Shape shape, double mean, double std, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (mean + std * rng.nextGaussian());
    }
    return Tensor.of(shape, v);
  }

  private static double[] doubles(Tensor t) {
    float[] f = t.toArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static Tensor floats(Shape shape, double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return Tensor.of(shape, f);
  }

  /** The three inputs of a normalization, as reference arrays in double. */
  private record Inputs(double[] x, double[] gamma, double[] beta) {}

  /**
   * Checks the op's output and its three VJPs for cotangent {@code ct} against the reference
   * {@code f} and its central differences in double (step 1e-5: truncation error about 1e-10,
   * rounding about 1e-11).
   */
  private static void assertMatchesReference(
      Params at, Function<Vars, Var> op, Function<Inputs, double[]> reference, Tensor ct) {
    Inputs in = new Inputs(doubles(at.get("x")), doubles(at.get("gamma")), doubles(at.get("beta")));
    Tensor y = op.apply(Vars.constants(at)).value();
    assertThat(y).hasRelativeErrorAtMost(floats(y.shape(), reference.apply(in)), 1e-6);

    Params grad = Grad.of(p -> Ops.sum(Ops.mul(op.apply(p), Var.constant(ct)))).apply(at);
    double[] c = doubles(ct);
    Function<Inputs, Double> dot = i -> {
      double[] out = reference.apply(i);
      double s = 0;
      for (int k = 0; k < out.length; k++) {
        s += c[k] * out[k];
      }
      return s;
    };
    for (String name : new String[] {"x", "gamma", "beta"}) {
      double[] value = name.equals("x") ? in.x() : name.equals("gamma") ? in.gamma() : in.beta();
      double[] numeric = new double[value.length];
      for (int k = 0; k < value.length; k++) {
        double keep = value[k];
        value[k] = keep + 1e-5;
        double plus = dot.apply(in);
        value[k] = keep - 1e-5;
        double minus = dot.apply(in);
        value[k] = keep;
        numeric[k] = (plus - minus) / 2e-5;
      }
      assertThat(grad.get(name)).as("gradient of %s", name)
          .hasRelativeErrorAtMost(floats(grad.get(name).shape(), numeric), 1e-5);
    }
  }

  private static Params groupNormInputs(Shape x, long seed) {
    int channels = x.dim(1);
    return Params.builder()
        .put("x", normal(x, 0.5, 2, seed))
        .put("gamma", normal(Shape.of(channels), 1, 0.5, seed + 1))
        .put("beta", normal(Shape.of(channels), 0, 0.5, seed + 2))
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, CHANNELS})
  void groupNormMatchesTheLoopReferenceAndItsCentralDifferences(int groups) {
    Shape shape = Shape.of(BATCH, CHANNELS, 3, 5);
    Params at = groupNormInputs(shape, 10 + groups);
    assertMatchesReference(
        at, p -> Ops.groupNorm(p.get("x"), groups, p.get("gamma"), p.get("beta"), EPS),
        in -> groupNormReference(in.x(), CHANNELS, POSITIONS, groups, in.gamma(), in.beta()),
        normal(shape, 0, 1, 99));
  }

  /** Over all non-batch axes ({@code [3, 5]}, 15 elements) or over the last one ({@code [5]}). */
  @ParameterizedTest
  @ValueSource(ints = {15, 5})
  void layerNormMatchesTheLoopReferenceAndItsCentralDifferences(int normalized) {
    Shape shape = Shape.of(BATCH, 3, 5);
    Shape affine = normalized == 15 ? Shape.of(3, 5) : Shape.of(5);
    Params at = Params.builder()
        .put("x", normal(shape, -0.7, 1.5, 20 + normalized))
        .put("gamma", normal(affine, 1, 0.5, 21 + normalized))
        .put("beta", normal(affine, 0, 0.5, 22 + normalized))
        .build();
    assertMatchesReference(
        at, p -> Ops.layerNorm(p.get("x"), p.get("gamma"), p.get("beta"), EPS),
        in -> groupNormReference(in.x(), normalized, 1, 1, in.gamma(), in.beta()), normal(shape, 0, 1, 23 + normalized));
  }

  /** One group is a layer norm over [C, H, W] whose gamma and beta repeat each channel's value. */
  @Test
  void oneGroupIsALayerNormWithPerChannelAffineValues() {
    Shape shape = Shape.of(BATCH, CHANNELS, 3, 5);
    Params at = groupNormInputs(shape, 45);
    float[] gamma = new float[CHANNELS * POSITIONS];
    float[] beta = new float[CHANNELS * POSITIONS];
    for (int i = 0; i < gamma.length; i++) {
      gamma[i] = at.get("gamma").getFlat(i / POSITIONS);
      beta[i] = at.get("beta").getFlat(i / POSITIONS);
    }
    Tensor grouped = Ops.groupNorm(Var.constant(at.get("x")), 1, Var.constant(at.get("gamma")), Var.constant(at.get("beta")), EPS).value();
    Tensor layered = Ops.layerNorm(Var.constant(at.get("x")), Var.constant(Tensor.of(Shape.of(CHANNELS, 3, 5), gamma)),
        Var.constant(Tensor.of(Shape.of(CHANNELS, 3, 5), beta)), EPS).value();
    assertThat(grouped).isBitIdenticalTo(layered);
  }

  @Test
  void statisticsStayAccurateWhenTheMeanDwarfsTheSpread() {
    // At 1e6 floats are 1/16 apart, so the spread is about 1 and E[x^2] - E[x]^2 would lose about
    // 12 of double's 16 digits without the shift: the output would be off by about 1e-4.
    Shape shape = Shape.of(BATCH, CHANNELS, 3, 5);
    Params at = Params.builder()
        .put("x", normal(shape, 1e6, 1, 40))
        .put("gamma", Tensor.full(Shape.of(CHANNELS), 1f))
        .put("beta", Tensor.zeros(CHANNELS))
        .build();
    Tensor y = Ops.groupNorm(Var.constant(at.get("x")), 2, Var.constant(at.get("gamma")), Var.constant(at.get("beta")), EPS).value();
    double[] expected = groupNormReference(doubles(at.get("x")), CHANNELS, POSITIONS, 2, doubles(at.get("gamma")), doubles(at.get("beta")));
    assertThat(y).hasRelativeErrorAtMost(floats(shape, expected), 1e-6);
  }

  /** Group norm, flattened, into a dense head: [7, 6, 3, 5] -> [7, 90] -> [7, 4] -> cross-entropy. */
  private static ExampleLoss groupNormNet(int groups) {
    return (p, x, labels) -> {
      Var h = Ops.groupNorm(x, groups, p.get("gamma"), p.get("beta"), EPS);
      return Ops.softmaxCrossEntropy(Ops.matmul(Ops.reshape(h, x.shape().dim(0), CHANNELS * POSITIONS), p.get("w")), labels);
    };
  }

  private static Params netParams(Shape affine, int features, long seed) {
    return Params.builder()
        .put("gamma", normal(affine, 1, 0.5, seed))
        .put("beta", normal(affine, 0, 0.5, seed + 1))
        .put("w", normal(Shape.of(features, 4), 0, 0.3, seed + 2))
        .build();
  }

  private static final int[] LABELS = {0, 3, 1, 2, 2, 0, 3};

  @ParameterizedTest
  @ValueSource(ints = {1, 2, CHANNELS})
  void groupNormPerExampleGradientsEqualALoopOfGradCallsAndItsStatisticsAreFused(int groups) {
    Params params = netParams(Shape.of(CHANNELS), CHANNELS * POSITIONS, 50 + groups);
    Tensor x = normal(Shape.of(BATCH, CHANNELS, 3, 5), 0.2, 1.3, 60 + groups);
    ExampleLoss loss = groupNormNet(groups);
    PerExampleOracle.of(loss)
        .assertGradMatchesLoop(params, x, LABELS, 1e-5)
        .assertGradStatsMatchNaive(params, x, LABELS, 1e-5, 1e-4);
    PerExampleOracle.of(loss).checking(PerExample.of(loss).withChunkSize(3))
        .assertGradMatchesLoop(params, x, LABELS, 1e-5)
        .assertGradStatsMatchNaive(params, x, LABELS, 1e-5, 1e-4);
    assertThat(PerExample.of(loss).lossAndGradStats(params, x, LABELS).materialized())
        .as("gamma and beta take the fused moments").isEmpty();
  }

  @Test
  void layerNormPerExampleGradientsEqualALoopOfGradCalls() {
    Tensor x = normal(Shape.of(BATCH, 3, 5), -0.4, 1.1, 70);
    for (Shape normalized : new Shape[] {Shape.of(3, 5), Shape.of(5)}) {
      Params params = netParams(normalized, 15, 71);
      ExampleLoss loss = (p, in, labels) -> {
        Var h = Ops.layerNorm(in, p.get("gamma"), p.get("beta"), EPS);
        return Ops.softmaxCrossEntropy(Ops.matmul(Ops.reshape(h, in.shape().dim(0), 15), p.get("w")), labels);
      };
      PerExampleOracle.of(loss)
          .assertGradMatchesLoop(params, x, LABELS, 1e-5)
          .assertGradStatsMatchNaive(params, x, LABELS, 1e-5, 1e-4);
    }
  }

  @Test
  void fusedMomentsEqualNaiveMomentsOfTheMaterializedGradients() {
    Params params = netParams(Shape.of(CHANNELS), CHANNELS * POSITIONS, 80);
    Tensor x = normal(Shape.of(BATCH, CHANNELS, 3, 5), 0, 1, 81);
    ExampleLoss loss = groupNormNet(3);
    PerExample.LossAndMoments fused = PerExample.of(loss).lossAndGradMoments(params, x, LABELS);
    Params perExample = PerExample.of(loss).grad(params, x, LABELS);
    assertThat(fused.moments()).as("every parameter has fused moments").isPresent();
    for (String name : new String[] {"gamma", "beta"}) {
      Moments m = fused.moments().get().get(name);
      Tensor g = perExample.get(name);
      double[] sum = new double[CHANNELS];
      double[] squares = new double[CHANNELS];
      for (int b = 0; b < BATCH; b++) {
        for (int c = 0; c < CHANNELS; c++) {
          double v = g.get(b, c);
          sum[c] += v;
          squares[c] += v * v;
        }
      }
      assertThat(m.count()).isEqualTo(BATCH);
      assertThat(m.sum()).as("sum of %s", name).hasRelativeErrorAtMost(floats(Shape.of(CHANNELS), sum), 1e-6);
      assertThat(m.sumOfSquares()).as("sum of squares of %s", name)
          .hasRelativeErrorAtMost(floats(Shape.of(CHANNELS), squares), 1e-6);
    }
  }

  @Test
  void everyOutputElementIsWrittenInReusedBuffers() {
    Params params = netParams(Shape.of(CHANNELS), CHANNELS * POSITIONS, 90);
    Tensor x = normal(Shape.of(BATCH, CHANNELS, 3, 5), 0, 1, 91);
    ExampleLoss loss = groupNormNet(2);
    ExecutionContext nan = ExecutionContext.defaults().withBuffers(BufferSource.filledWith(Float.NaN));
    Function<Vars, Var> mean = p -> Ops.mean(loss.apply(p, Var.constant(x), LABELS));
    assertThat(Grad.of(mean).withContext(nan).apply(params)).isEqualTo(Grad.of(mean).apply(params));
    GradientStats expected = PerExample.of(loss).gradStats(params, x, LABELS);
    GradientStats inNan = PerExample.of(loss).withContext(nan).gradStats(params, x, LABELS);
    assertThat(inNan.mean()).isEqualTo(expected.mean());
    assertThat(inNan.variance()).isEqualTo(expected.variance());
  }

  private static Var constant(int... dims) {
    return Var.constant(Tensor.zeros(dims));
  }

  @Test
  void channelsThatDoNotSplitIntoTheGroupsAreRefusedNamingBothNumbers() {
    assertThatThrownBy(() -> Ops.groupNorm(constant(2, 6, 3), 4, constant(6), constant(6), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group_norm")
        .hasMessageContaining("6 channels")
        .hasMessageContaining("4 groups");
  }

  @Test
  void affineShapesThatDoNotFitAreRefusedNamingBothShapes() {
    assertThatThrownBy(() -> Ops.groupNorm(constant(2, 6, 3), 2, constant(5), constant(6), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group_norm").hasMessageContaining("[5]").hasMessageContaining("[2, 6, 3]");
    assertThatThrownBy(() -> Ops.layerNorm(constant(3, 5), constant(4), constant(4), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer_norm").hasMessageContaining("[4]").hasMessageContaining("[3, 5]");
    assertThatThrownBy(() -> Ops.layerNorm(constant(3, 5), constant(5), constant(3), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta [3] differs from gamma [5]");
  }

  @Test
  void badGroupCountsAndEpsilonsAreRefused() {
    assertThatThrownBy(() -> Ops.groupNorm(constant(2, 6, 3), 0, constant(6), constant(6), EPS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups must be positive, got 0");
    assertThatThrownBy(() -> Ops.layerNorm(constant(3, 5), constant(5), constant(5), -1e-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer_norm: eps must be finite and >= 0");
  }

  @Test
  void perExampleTransformRefusesALayerNormOverTheExampleAxis() {
    Params params = Params.builder().put("gamma", Tensor.full(Shape.of(BATCH, 4), 1f)).put("beta", Tensor.zeros(BATCH, 4)).build();
    ExampleLoss loss = (p, x, labels) -> Ops.sum(Ops.layerNorm(x, p.get("gamma"), p.get("beta"), EPS), 1);
    assertThatThrownBy(() -> PerExample.of(loss).grad(params, normal(Shape.of(BATCH, 4), 0, 1, 5), LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer_norm")
        .hasMessageContaining("covers the example axis")
        .hasMessageContaining("mixes examples");
  }

  @Test
  void perExampleTransformRefusesAffineParametersWithAnExampleAxis() {
    // 6 examples of 6 channels: a gamma computed from the examples has the channels' shape
    Params params = Params.builder().put("beta", Tensor.zeros(CHANNELS)).build();
    ExampleLoss loss = (p, x, labels) -> {
      Var gamma = Ops.sum(Ops.sum(x, 2), 1);
      return Ops.sum(Ops.sum(Ops.groupNorm(x, 2, gamma, p.get("beta"), EPS), 2), 1);
    };
    int[] labels = new int[CHANNELS];
    assertThatThrownBy(() -> PerExample.of(loss).grad(params, normal(Shape.of(CHANNELS, CHANNELS, 3), 0, 1, 6), labels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group_norm")
        .hasMessageContaining("must not carry an example axis");
  }
}
