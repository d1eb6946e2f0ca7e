package dev.sngrad.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.checkpoint.Checkpoint;
import dev.sngrad.nn.checkpoint.CheckpointFile;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.nn.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvLayersTest {
  /** A small CNN on [B, 3, 8, 8] images: every convolutional layer type once. */
  static Sequential smallCnn() {
    return smallCnn(Activation.RELU, new MaxPool2d("pool1", 2, 2));
  }

  /** {@link #smallCnn()} with another first activation and pooling layer. */
  static Sequential smallCnn(Activation first, Layer firstPool) {
    return Sequential.of("cnn", List.of(
        new Conv2d("conv1", 3, 4, 3, 1, 1),
        new ActivationLayer("relu1", first),
        firstPool,
        new Conv2d("conv2", 4, 6, 3, 2, 1),
        new ActivationLayer("tanh2", Activation.TANH),
        new AvgPool2d("pool2", 2, 1),
        new Conv2d("conv3", 6, 5, 1, 1, 0),
        new GlobalAvgPool("gap"),
        Dense.of("dense", 5, 3, Activation.IDENTITY)));
  }

  @Test
  void conv2dIsHeNormalWithFanInOfChannelsTimesKernelAreaAndZeroBias() {
    Conv2d conv = new Conv2d("conv", 32, 64, 3, 1, 1);
    Params p = conv.init(new SplittableRandom(0));
    assertThat(p.asMap().keySet()).containsExactly("conv/weight", "conv/bias");
    Tensor w = p.get("conv/weight");
    assertThat(w.shape()).isEqualTo(Shape.of(64, 32, 3, 3));
    assertThat(p.get("conv/bias")).isEqualTo(Tensor.zeros(64));
    DenseAndMlpTest.assertMeanZeroAndHeStd(w, 32 * 3 * 3); // fan_in 288: std 0.0833 over 18,432 values
    assertThat(conv.init(new SplittableRandom(0))).isEqualTo(p);
  }

  @Test
  void layersGiveTheDocumentedShapes() {
    Sequential cnn = smallCnn();
    Params p = cnn.init(1);
    Tensor x = Tensor.normal(Shape.of(5, 3, 8, 8), 1f, new SplittableRandom(2));
    Var v = Var.constant(x);
    var vars = Vars.constants(p);
    List<Shape> shapes = new java.util.ArrayList<>();
    for (Layer l : cnn.layers()) {
      v = l.apply(vars, v, Phase.inference());
      shapes.add(v.shape());
    }
    assertThat(shapes).containsExactly(
        Shape.of(5, 4, 8, 8), Shape.of(5, 4, 8, 8), Shape.of(5, 4, 4, 4), Shape.of(5, 6, 2, 2),
        Shape.of(5, 6, 2, 2), Shape.of(5, 6, 1, 1), Shape.of(5, 5, 1, 1), Shape.of(5, 5), Shape.of(5, 3));
  }

  @Test
  void theSmallCnnHasCorrectGradients() {
    // smooth everywhere: central differences across a ReLU or max-pool kink are not the gradient
    // (both ops are checked alone at points away from their kinks in the op table)
    Sequential smooth = smallCnn(Activation.TANH, new AvgPool2d("pool1", 2, 2));
    Model model = new Model(smooth, Loss.softmaxCrossEntropy());
    Params p = smallCnn().init(3);
    Tensor x = Tensor.normal(Shape.of(4, 3, 8, 8), 1f, new SplittableRandom(4));
    int[] labels = {0, 2, 1, 2};
    GradCheck.Result r = GradCheck.directional(
        q -> Ops.mean(model.exampleLoss(Phase.inference()).apply(q, Var.constant(x), labels)),
        p, GradCheck.Options.defaults());
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  @Test
  void cnnSmallHasTheStatedParameterCountAndShapes() {
    Sequential cnn = ModelSpec.parse("cnn-small").build(Shape.of(3, 32, 32), 10);
    Params p = cnn.init(0);
    // conv1 3*32*9 + 32, conv2 32*64*9 + 64, dense1 4096*256 + 256, dense2 256*10 + 10
    assertThat(p.totalSize()).isEqualTo(1_070_794L)
        .isEqualTo(3L * 32 * 9 + 32 + 32 * 64 * 9 + 64 + 4096L * 256 + 256 + 256 * 10 + 10);
    Tensor logits = new Model(cnn, Loss.softmaxCrossEntropy())
        .logits(p, Tensor.normal(Shape.of(2, 3 * 32 * 32), 1f, new SplittableRandom(1)));
    assertThat(logits.shape()).isEqualTo(Shape.of(2, 10));
  }

  @Test
  void aCheckpointOfTheSmallCnnRoundTripsAndReproducesItsLogits(@TempDir Path dir) throws IOException {
    Sequential cnn = smallCnn();
    Params p = cnn.init(5);
    Path file = dir.resolve("cnn.ckpt");
    CheckpointFile.write(file, Checkpoint.of(p, Params.empty(), ImmutableMap.of("model", "cnn")));
    Params back = CheckpointFile.read(file).params();
    assertThat(back).isEqualTo(p);
    assertThat(back.get("conv2/weight").shape()).isEqualTo(Shape.of(6, 4, 3, 3));
    Model model = new Model(cnn, Loss.softmaxCrossEntropy());
    Tensor x = Tensor.normal(Shape.of(3, 3, 8, 8), 1f, new SplittableRandom(6));
    assertThat(model.logits(back, x)).isEqualTo(model.logits(p, x));
  }

  @Test
  void badSizesAndInputsAreRefusedNamingTheLayer() {
    assertThatThrownBy(() -> new Conv2d("c", 3, 0, 3, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c'");
    assertThatThrownBy(() -> new MaxPool2d("p", 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p'");
    assertThatThrownBy(() -> new AvgPool2d("a", 2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    Conv2d conv = new Conv2d("conv", 3, 4, 3, 1, 1);
    var vars = Vars.constants(conv.init(new SplittableRandom(0)));
    assertThatThrownBy(() -> conv.apply(vars, Var.constant(Tensor.zeros(2, 1, 5, 5)), Phase.inference()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conv").hasMessageContaining("[2, 1, 5, 5]");
  }
}
