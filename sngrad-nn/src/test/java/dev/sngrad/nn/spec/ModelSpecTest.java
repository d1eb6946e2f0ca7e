package dev.sngrad.nn.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Activation;
import dev.sngrad.nn.layer.Dense;
import dev.sngrad.nn.layer.Dropout;
import dev.sngrad.nn.layer.ActivationLayer;
import dev.sngrad.nn.layer.Flatten;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.layer.Sequential;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  private static final Shape MNIST = Shape.of(1, 28, 28);
  private static final Shape CIFAR = Shape.of(3, 32, 32);

  @Test
  void mlpSpecBuildsExactlyTheMlpOfTodaysDefault() {
    Sequential built = ModelSpec.parse("mlp:512,512").build(MNIST, 10);
    Sequential mlp = Mlp.of(784, 512, 512, 10);
    assertThat(built).isEqualTo(mlp);
    assertThat(built.init(7)).isEqualTo(mlp.init(7));
    // the same network written as tokens
    assertThat(ModelSpec.parse("dense:512, relu, dense:512, relu, dense").build(MNIST, 10)).isEqualTo(mlp);
    assertThat(ModelSpec.parse("mlp").build(MNIST, 10)).isEqualTo(Mlp.of(784, 10));
  }

  @Test
  void canonicalTextNamesMlpsByWidthAndPresetsByName() {
    assertThat(ModelSpec.parse("dense:512,relu,dense:512,relu,dense").text()).isEqualTo("mlp:512,512");
    assertThat(ModelSpec.mlp(List.of(128, 64)).text()).isEqualTo("mlp:128,64");
    assertThat(ModelSpec.parse("mlp").text()).isEqualTo("mlp");
    assertThat(ModelSpec.parse("mlp:512,512").mlpWidths()).contains(List.of(512, 512));
    assertThat(ModelSpec.parse("conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,dense:256,relu,dense").text())
        .isEqualTo("cnn-small");
    String custom = "conv:16k5s2p2,tanh,avgpool:3s2,groupnorm:4,gap,layernorm,dense:32,relu,dropout:0.25,dense";
    ModelSpec spec = ModelSpec.parse(custom);
    assertThat(spec.text()).isEqualTo(custom);
    assertThat(ModelSpec.parse(spec.text())).isEqualTo(spec);
    assertThat(spec.mlpWidths()).isEmpty();
    assertThat(ModelSpec.parse("dense:64,relu,dropout:0.5,dense").mlpWidths()).isEmpty();
  }

  @Test
  void parsesEveryToken() {
    assertThat(ModelSpec.parse("conv:32k3,conv:8k5s2p1,maxpool:2,maxpool:3s1,avgpool:2,gap,groupnorm:8,layernorm,flatten,"
            + "dropout:0.5,relu,tanh,dense:7,dense").layers())
        .containsExactly(
            new LayerSpec.Conv(32, 3, 1, 0), new LayerSpec.Conv(8, 5, 2, 1), new LayerSpec.Pool(LayerSpec.Pool.Kind.MAX, 2, 2),
            new LayerSpec.Pool(LayerSpec.Pool.Kind.MAX, 3, 1), new LayerSpec.Pool(LayerSpec.Pool.Kind.AVERAGE, 2, 2), new LayerSpec.GlobalAvgPool(),
            new LayerSpec.GroupNorm(8), new LayerSpec.LayerNorm(), new LayerSpec.Flatten(), new LayerSpec.Dropout(0.5),
            new LayerSpec.Act(Activation.RELU), new LayerSpec.Act(Activation.TANH),
            new LayerSpec.Dense(OptionalInt.of(7)), new LayerSpec.Dense(OptionalInt.empty()));
  }

  @Test
  void cnnSmallHasTheParameterCountOfItsLayers() {
    // by hand: conv1 3*3*3*32 + 32 = 896; conv2 32*3*3*64 + 64 = 18,496; after two 2x2 pools the
    // 64 channels are 8 x 8 = 4,096 values; dense1 4096*256 + 256 = 1,048,832; dense2 256*10 + 10 = 2,570
    ModelSpec cnn = ModelSpec.parse("cnn-small");
    assertThat(cnn.parameterCount(CIFAR, 10)).isEqualTo(896 + 18_496 + 1_048_832 + 2_570).isEqualTo(1_070_794);
    assertThat(cnn.shapes(CIFAR, 10)).containsExactly(
        Shape.of(32, 32, 32), Shape.of(32, 32, 32), Shape.of(32, 16, 16), Shape.of(64, 16, 16), Shape.of(64, 16, 16),
        Shape.of(64, 8, 8), Shape.of(4096), Shape.of(256), Shape.of(256), Shape.of(10));
    assertThat(cnn.inputShape(CIFAR)).isEqualTo(CIFAR);
    // on MNIST: 1 channel and 28 -> 14 -> 7
    assertThat(cnn.parameterCount(MNIST, 10)).isEqualTo((9 + 1) * 32 + (32 * 9 + 1) * 64 + (64 * 49 + 1) * 256 + 257 * 10);
  }

  @Test
  void shapesFollowStridePaddingAndWindows() {
    ModelSpec spec = ModelSpec.parse("conv:4k5s2p2,maxpool:3s2,groupnorm:2,gap,layernorm,dense");
    // 32 + 4 - 5 = 31, / 2 + 1 = 16; (16 - 3) / 2 + 1 = 7
    assertThat(spec.shapes(CIFAR, 10)).containsExactly(
        Shape.of(4, 16, 16), Shape.of(4, 7, 7), Shape.of(4, 7, 7), Shape.of(4), Shape.of(4), Shape.of(10));
    assertThat(spec.parameterCount(CIFAR, 10)).isEqualTo((3 * 25 * 4 + 4) + 2 * 4 + 2 * 4 + (4 + 1) * 10);
    assertThat(ModelSpec.parse("mlp:512,512").parameterCount(MNIST, 10)).isEqualTo(785 * 512 + 513 * 512 + 513 * 10);
    assertThat(ModelSpec.parse("mlp:512,512").inputShape(MNIST)).isEqualTo(Shape.of(784));
  }

  @Test
  void badTokensAreNamed() {
    assertThatThrownBy(() -> ModelSpec.parse("conv:32k3p1,relu,maxpool:x,dense"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad token 'maxpool:x'");
    assertThatThrownBy(() -> ModelSpec.parse("dense:512,rellu,dense")).hasMessageContaining("bad token 'rellu'")
        .hasMessageContaining("unknown layer 'rellu'");
    assertThatThrownBy(() -> ModelSpec.parse("dense:0,dense")).hasMessageContaining("bad token 'dense:0'");
    assertThatThrownBy(() -> ModelSpec.parse("dropout:1,dense")).hasMessageContaining("bad token 'dropout:1'")
        .hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> ModelSpec.parse("relu:2,dense")).hasMessageContaining("'relu' takes no arguments");
    assertThatThrownBy(() -> ModelSpec.parse("dense:64,,dense")).hasMessageContaining("(empty, token 2)");
    assertThatThrownBy(() -> ModelSpec.parse("mlp:512,x")).hasMessageContaining("bad token 'x'");
    assertThatThrownBy(() -> ModelSpec.parse("cnn-small,dense")).hasMessageContaining("a preset stands alone");
    assertThatThrownBy(() -> ModelSpec.parse(" ")).hasMessageContaining("model spec is empty");
  }

  @Test
  void layersThatDoNotFitTheirInputsAreNamed() {
    assertThatThrownBy(() -> ModelSpec.parse("conv:8k3,dense").shapes(CIFAR, 10))
        .hasMessageContaining("'dense' needs flat inputs").hasMessageContaining("[8, 30, 30]");
    assertThatThrownBy(() -> ModelSpec.parse("dense:64,conv:8k3,flatten,dense").shapes(CIFAR, 10))
        .hasMessageContaining("'conv:8k3' needs images");
    assertThatThrownBy(() -> ModelSpec.parse("conv:8k5,groupnorm:3,flatten,dense").shapes(CIFAR, 10))
        .hasMessageContaining("8 channels do not fall into 3 equal groups");
    assertThatThrownBy(() -> ModelSpec.parse("maxpool:64,flatten,dense").shapes(CIFAR, 10))
        .hasMessageContaining("'maxpool:64': window 64 does not fit an axis of 32");
    assertThatThrownBy(() -> ModelSpec.parse("dense:64,relu,dense:5").shapes(MNIST, 10))
        .hasMessageContaining("but there are 10 classes");
  }

  @Test
  void buildsTokenNetworksWithNamedLayersAndAnImageReshapeOnlyForImageLayers() {
    Sequential net = ModelSpec.parse("flatten,dense:16,tanh,dropout:0.5,dense,relu,dense").build(Shape.of(2, 3, 3), 4);
    assertThat(net.layers()).containsExactly(
        new Flatten("flatten1"), Dense.of("dense1", 18, 16, Activation.TANH), new Dropout("dropout1", 0.5),
        Dense.of("dense2", 16, 4, Activation.RELU), Dense.of("dense3", 4, 4, Activation.IDENTITY));
    Params params = net.init(3);
    Tensor x = Tensor.normal(Shape.of(5, 18), 1f, new SplittableRandom(1));
    assertThat(net.apply(Vars.constants(params), Var.constant(x), Phase.inference()).shape()).isEqualTo(Shape.of(5, 4));
    assertThat(ModelSpec.parse("dense:8,dropout:0.1,relu,dense").build(Shape.of(1, 2, 2), 3).layers())
        .contains(new ActivationLayer("relu1", Activation.RELU));
  }

  @Test
  void everyTokenBuildsALayerWhoseParametersTheSpecCounted() {
    for (String text : List.of("cnn-small", "conv:8k3s2p1,relu,avgpool:2,groupnorm:4,gap,dense",
        "conv:6k5,tanh,maxpool:3s2,flatten,layernorm,dropout:0.25,dense:16,relu,dense")) {
      ModelSpec spec = ModelSpec.parse(text);
      Sequential network = spec.build(CIFAR, 10);
      Params params = network.init(new SplittableRandom(1));
      assertThat(params.totalSize()).as(text).isEqualTo(spec.parameterCount(CIFAR, 10));
      Tensor logits = network.apply(Vars.constants(params),
          Var.constant(Tensor.normal(Shape.of(2, 3 * 32 * 32), 1f, new SplittableRandom(2))), Phase.inference()).value();
      assertThat(logits.shape()).as(text).isEqualTo(Shape.of(2, 10));
    }
    // conv1 3*32*9 + 32, conv2 32*64*9 + 64, dense1 4096*256 + 256, dense2 256*10 + 10
    assertThat(ModelSpec.parse("cnn-small").build(CIFAR, 10).init(new SplittableRandom(0)).totalSize())
        .isEqualTo(3L * 32 * 9 + 32 + 32 * 64 * 9 + 64 + 4096L * 256 + 256 + 256 * 10 + 10);
  }
}
