package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/** Multi-layer perceptrons: the original study's model family. */
public final class Mlp {
  private Mlp() {}

  /**
   * {@code Mlp.of(784, 512, 512, 10)}: dense layers {@code dense1 ... denseK} with He-normal
   * weights and zero biases, ReLU after every layer but the last, which gives logits.
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
