package dev.sngrad.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.checkpoint.Checkpoint;
import dev.sngrad.nn.checkpoint.CheckpointFile;
import dev.sngrad.nn.loss.Loss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GroupNorm} and {@link LayerNorm}: parameters, what they compute, errors, per-example gradients and checkpoints. */
class NormalizationLayersTest {
  @TempDir Path dir;

  private static final int[] LABELS = {2, 0, 1, 1, 0};

  /** images [5, 4, 3, 3] -> group norm (2 groups) -> flatten -> dense 3 classes */
  private final Sequential convLike = Sequential.of("net", List.of(
      new GroupNorm("gn", 2, 4), new Flatten("flat"), Dense.of("out", 36, 3, Activation.IDENTITY)));

  /** features [5, 6] -> dense 8 (tanh) -> layer norm -> dense 3 classes */
  private final Sequential mlp = Sequential.of("net", List.of(
      Dense.of("hidden", 6, 8, Activation.TANH), new LayerNorm("ln", 8), Dense.of("out", 8, 3, Activation.IDENTITY)));

  private static Tensor normal(Shape shape, long seed) {
    return Tensor.normal(shape, 1.5f, new SplittableRandom(seed));
  }

  @Test
  void parametersAreKeyedByTheLayerNameAndStartAtOneAndZero() {
    Params gn = new GroupNorm("gn1", 2, 4).init(new SplittableRandom(0));
    assertThat(gn.asMap().keySet()).containsExactly("gn1/gamma", "gn1/beta");
    assertThat(gn.get("gn1/gamma")).isEqualTo(Tensor.full(Shape.of(4), 1f));
    assertThat(gn.get("gn1/beta")).isEqualTo(Tensor.zeros(4));
    Params ln = new LayerNorm("ln1", 3, 5).init(new SplittableRandom(0));
    assertThat(ln.asMap().keySet()).containsExactly("ln1/gamma", "ln1/beta");
    assertThat(ln.get("ln1/gamma")).isEqualTo(Tensor.full(Shape.of(3, 5), 1f));
    assertThat(ln.get("ln1/beta")).isEqualTo(Tensor.zeros(3, 5));
    assertThat(new LayerNorm("ln1", 3, 5).eps()).isEqualTo(1e-5);
  }

  /** With gamma 1 and beta 0, every group of the output has mean 0 and variance var / (var + eps). */
  @Test
  void freshLayersLeaveEachGroupWithMeanZeroAndVarianceOne() {
    Tensor x = normal(Shape.of(5, 4, 3, 3), 1);
    GroupNorm gn = new GroupNorm("gn", 2, 4);
    assertGroupsAreStandardized(gn.apply(Vars.constants(gn.init(new SplittableRandom(0))), Var.constant(x), Phase.inference()).value(), 18);
    LayerNorm ln = new LayerNorm("ln", 4, 3, 3);
    assertGroupsAreStandardized(ln.apply(Vars.constants(ln.init(new SplittableRandom(0))), Var.constant(x), Phase.inference()).value(), 36);
  }

  private static void assertGroupsAreStandardized(Tensor y, int groupLength) {
    float[] v = y.toArray();
    for (int from = 0; from < v.length; from += groupLength) {
      double sum = 0;
      double squares = 0;
      for (int i = from; i < from + groupLength; i++) {
        sum += v[i];
        squares += (double) v[i] * v[i];
      }
      double mean = sum / groupLength;
      assertThat(mean).as("mean of the group at %s", from).isCloseTo(0, within(1e-6));
      // the inputs have variance about 2.25, so eps = 1e-5 lowers the output's by about 4e-6
      assertThat(squares / groupLength - mean * mean).as("variance of the group at %s", from).isCloseTo(1, within(2e-5));
    }
  }

  @Test
  void badConfigurationsAndInputsAreRefusedNamingTheLayer() {
    assertThatThrownBy(() -> new GroupNorm("gn", 4, 6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gn'").hasMessageContaining("6 channels")
        .hasMessageContaining("4 groups");
    assertThatThrownBy(() -> new LayerNorm("ln"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ln'");
    GroupNorm gn = new GroupNorm("gn", 2, 4);
    Vars gnParams = Vars.constants(gn.init(new SplittableRandom(0)));
    assertThatThrownBy(() -> gn.apply(gnParams, Var.constant(Tensor.zeros(5, 6, 3)), Phase.inference()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gn'").hasMessageContaining("[5, 6, 3]");
    LayerNorm ln = new LayerNorm("ln", 3, 5);
    Vars lnParams = Vars.constants(ln.init(new SplittableRandom(0)));
    assertThatThrownBy(() -> ln.apply(lnParams, Var.constant(Tensor.zeros(2, 5, 3)), Phase.inference()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ln'")
        .hasMessageContaining("[2, 5, 3]").hasMessageContaining("[3, 5]");
    assertThatThrownBy(() -> ln.apply(lnParams, Var.constant(Tensor.zeros(3, 5)), Phase.inference()))
        .as("no example axis").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ln'");
  }

  @Test
  void perExampleGradientsEqualALoopOfSingleExampleGrads() {
    assertPerExampleMatchesLoop(convLike, normal(Shape.of(5, 4, 3, 3), 2));
    assertPerExampleMatchesLoop(mlp, normal(Shape.of(5, 6), 3));
  }

  private static void assertPerExampleMatchesLoop(Sequential net, Tensor x) {
    Params params = perturbed(net.init(4));
    ExampleLoss loss = new Model(net, Loss.softmaxCrossEntropy()).exampleLoss(Phase.inference());
    Params perExample = PerExample.of(loss).grad(params, x, LABELS);
    for (int i = 0; i < LABELS.length; i++) {
      Var xi = Var.constant(x.slice(i, i + 1));
      int[] yi = {LABELS[i]};
      Params single = Grad.of(p -> Ops.sum(loss.apply(p, xi, yi))).apply(params);
      for (String name : params.asMap().keySet()) {
        float[] expected = single.get(name).toArray();
        float[] actual = perExample.get(name).row(i).toArray();
        for (int j = 0; j < expected.length; j++) {
          assertThat(actual[j]).as("%s of example %s at %s", name, i, j)
              .isCloseTo(expected[j], within(1e-5f * (1 + Math.abs(expected[j]))));
        }
      }
    }
  }

  /** Fresh parameters with gamma and beta moved away from 1 and 0, so that their gradients matter. */
  private static Params perturbed(Params params) {
    SplittableRandom rng = new SplittableRandom(5);
    return params.map(t -> {
      float[] v = t.toArray();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.3 * rng.nextGaussian());
      }
      return Tensor.of(t.shape(), v);
    });
  }

  @Test
  void checkpointsRoundTripAndReproducePredictions() throws IOException {
    for (Sequential net : List.of(convLike, mlp)) {
      Params params = perturbed(net.init(6));
      Path file = dir.resolve(net.layers().get(0).name() + ".ckpt");
      CheckpointFile.write(file, Checkpoint.of(params, params.zerosLike(), ImmutableMap.of("step", "3")));
      Params back = CheckpointFile.read(file).params();
      assertThat(back).isEqualTo(params);
      Model model = new Model(net, Loss.softmaxCrossEntropy());
      Tensor x = net == convLike ? normal(Shape.of(5, 4, 3, 3), 7) : normal(Shape.of(5, 6), 7);
      assertThat(model.logits(back, x)).isEqualTo(model.logits(params, x));
    }
  }

  /** Batch normalization without affine map: {@code (x - mean_batch) / sqrt(var_batch + eps)}. */
  private record BatchStandardize(String name) implements Layer {
    @Override
    public Params init(SplittableRandom rng) {
      return Params.empty();
    }

    @Override
    public Var apply(Vars params, Var x, Phase phase) {
      Var centered = Ops.sub(x, Ops.mean(x, 0));
      return Ops.div(centered, Ops.sqrt(Ops.addScalar(Ops.mean(Ops.square(centered), 0), 1e-5f)));
    }
  }

  @Test
  void aLayerThatNormalizesOverTheBatchTrainsButIsRefusedPerExampleNamingTheOp() {
    Sequential net = Sequential.of("net", List.of(
        Dense.of("hidden", 6, 8, Activation.TANH), new BatchStandardize("bn"), Dense.of("out", 8, 3, Activation.IDENTITY)));
    Params params = net.init(8);
    Tensor x = normal(Shape.of(5, 6), 9);
    ExampleLoss loss = new Model(net, Loss.softmaxCrossEntropy()).exampleLoss(Phase.inference());
    Params grad = Grad.of(p -> Ops.mean(loss.apply(p, Var.constant(x), LABELS))).apply(params);
    assertThat(grad.get("hidden/weight").isFinite()).isTrue();
    assertThatThrownBy(() -> PerExample.of(loss).gradStats(params, x, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mean: axis 0 of [5, 8] is the example axis; reducing over it mixes examples");
  }
}
