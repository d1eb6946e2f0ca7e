package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/** Multi-layer perceptrons: the original study's model family. */
public final class Mlp {
  private Mlp() {}

  /**
   * {@code Mlp.of(784, 512, 512, 10)}: dense layers {@code dense1 ... denseK} with He-normal
   * weights and zero biases, ReLU after every layer but the last, which gives logits. The model
   * is named {@code mlp} and takes inputs {@code [B, sizes[0]]} to logits {@code [B,
   * sizes[K]]}.
   *
   * @param sizes the input size, the hidden sizes and the output size, each positive
   * @return the network; its parameters come from {@link Sequential#init(long)}
   * @throws IllegalArgumentException if fewer than two sizes are given or a size is not positive
   */
  public static Sequential of(int... sizes) {
    checkArgument(sizes.length >= 2, "an MLP needs an input and an output size, got %s sizes", sizes.length);
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      boolean last = l + 2 == sizes.length;
      layers.add(Dense.of("dense" + (l + 1), sizes[l], sizes[l + 1], last ? Activation.IDENTITY : Activation.RELU));
    }
    return Sequential.of("mlp", layers);
  }
}
