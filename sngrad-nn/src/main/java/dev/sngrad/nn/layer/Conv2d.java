package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A 2-D convolution layer in PyTorch's NCHW layout, {@code y = conv2d(x, W, stride, padding) + b},
 * with a square kernel, {@code W: [outChannels, inChannels, kernel, kernel]} under {@code
 * name/weight} and {@code b: [outChannels]} under {@code name/bias} (the key names of {@link
 * Dense}). Weights are He-normal with {@code fan_in = inChannels * kernel * kernel} (a normal with
 * mean 0 and variance {@code 2 / fan_in}, as {@link dev.sngrad.nn.init.Initializer#heNormal()}
 * draws for a dense layer), biases start at zero. No activation: follow it with an {@link
 * ActivationLayer}.
 *
 * <p>Input {@code [B, inChannels, H, W]}, output {@code [B, outChannels, (H + 2 padding - kernel) /
 * stride + 1, (W + 2 padding - kernel) / stride + 1]}. {@code PerExample.gradStats} computes the
 * statistics of both parameters through the convolution's own chunked moments, without
 * per-example copies of the weight.
 *
 * @param name the layer's name, prefix of its parameter keys; unique within a model
 * @param inChannels the channels of the input, positive
 * @param outChannels the channels of the output, positive
 * @param kernel the height and width of the kernel, positive
 * @param stride the step between output positions, positive
 * @param padding the zeros added on each side of the image, non-negative
 */
public record Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding)
    implements Layer {
  /**
   * Checks the sizes.
   *
   * @param name the layer's name
   * @param inChannels input channels
   * @param outChannels output channels
   * @param kernel kernel height and width
   * @param stride the stride
   * @param padding the zero padding
   * @throws IllegalArgumentException naming the layer and the values when a size is not positive
   *     or the padding negative
   */
  public Conv2d {
    checkArgument(
        inChannels > 0 && outChannels > 0 && kernel > 0 && stride > 0 && padding >= 0,
        "conv2d '%s': channels, kernel and stride must be positive and padding non-negative, got %s -> %s"
            + " channels, kernel %s, stride %s, padding %s",
        name, inChannels, outChannels, kernel, stride, padding);
  }

  /**
   * Key of the weight.
   *
   * @return {@code name + "/weight"}, the key of the {@code [outChannels, inChannels, kernel,
   *     kernel]} weights
   */
  public String weightKey() {
    return name + "/weight";
  }

  /**
   * Key of the bias.
   *
   * @return {@code name + "/bias"}, the key of the {@code [outChannels]} biases
   */
  public String biasKey() {
    return name + "/bias";
  }

  /**
   * The number of inputs each output sums over.
   *
   * @return {@code inChannels * kernel * kernel}
   */
  public int fanIn() {
    return inChannels * kernel * kernel;
  }

  @Override
  public Params init(SplittableRandom rng) {
    Shape weight = Shape.of(outChannels, inChannels, kernel, kernel);
    return Params.builder()
        .put(weightKey(), Tensor.normal(weight, (float) Math.sqrt(2.0 / fanIn()), rng))
        .put(biasKey(), Tensor.zeros(outChannels))
        .build();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    checkArgument(
        x.shape().rank() == 4 && x.shape().dim(1) == inChannels,
        "conv2d '%s': expects input [B, %s, H, W], got %s", name, inChannels, x.shape());
    return Ops.conv2d(x, params.get(weightKey()), params.get(biasKey()), stride, padding);
  }
}
