package dev.sngrad.nn.layer;

import java.util.List;

/** Convolutional networks for 32x32 colour images (CIFAR-10's shape). */
public final class Cnn {
  private Cnn() {}

  /**
   * The {@code cnn-small} network: conv3x3(3 -> 32, padding 1)-ReLU-maxpool2-conv3x3(32 -> 64,
   * padding 1)-ReLU-maxpool2-flatten-dense(4096 -> 256)-ReLU-dense(256 -> 10), with {@code
   * 1,070,794} parameters, taking images {@code [B, 3, 32, 32]} to logits {@code [B, 10]}. Layers
   * are named {@code conv1, relu1, pool1, conv2, relu2, pool2, flatten, dense1, dense2}; the model
   * is named {@code cnn-small}.
   *
   * @return the network; its parameters come from {@link Sequential#init(long)}
   */
  public static Sequential small() {
    return Sequential.of("cnn-small", List.of(
        new Conv2d("conv1", 3, 32, 3, 1, 1),
        new ActivationLayer("relu1", Activation.RELU),
        new MaxPool2d("pool1", 2, 2),
        new Conv2d("conv2", 32, 64, 3, 1, 1),
        new ActivationLayer("relu2", Activation.RELU),
        new MaxPool2d("pool2", 2, 2),
        new Flatten("flatten"),
        Dense.of("dense1", 64 * 8 * 8, 256, Activation.RELU),
        Dense.of("dense2", 256, 10, Activation.IDENTITY)));
  }
}
