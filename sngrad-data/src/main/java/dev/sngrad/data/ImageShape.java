package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The shape of one image: {@code channels x height x width}, stored in C, H, W order (all pixels of
 * channel 0 row by row, then channel 1, ...). Sizes are in pixels.
 *
 * @param channels number of colour channels (1 for MNIST, 3 for CIFAR-10), positive
 * @param height rows per channel, positive
 * @param width columns per row, positive
 */
public record ImageShape(int channels, int height, int width) {

  /** Validates that every dimension is positive and the image has fewer than 2^31 values. */
  public ImageShape {
    checkArgument(
        channels > 0 && height > 0 && width > 0,
        "image shape must be positive, got [%s, %s, %s]",
        channels,
        height,
        width);
    checkArgument(
        (long) channels * height * width <= Integer.MAX_VALUE,
        "image shape [%s, %s, %s] is too large",
        channels,
        height,
        width);
  }

  /** Returns {@code height * width}, the number of pixels in one channel. */
  public int planeSize() {
    return height * width;
  }

  /** Returns {@code channels * height * width}, the number of values in one flattened image. */
  public int size() {
    return channels * height * width;
  }

  /** Prints {@code [C, H, W]}, e.g. {@code [1, 28, 28]}. */
  @Override
  public String toString() {
    return "[" + channels + ", " + height + ", " + width + "]";
  }
}
