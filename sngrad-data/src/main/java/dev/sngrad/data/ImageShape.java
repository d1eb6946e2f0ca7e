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

  /**
   * Validates that every dimension is positive and the image has fewer than 2^31 values.
   *
   * @param channels number of colour channels
   * @param height rows per channel
   * @param width columns per row
   * @throws IllegalArgumentException if a dimension is not positive or the product exceeds
   *     {@link Integer#MAX_VALUE}
   */
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

  /**
   * The number of pixels in one channel.
   *
   * @return {@code height * width}
   */
  public int planeSize() {
    return height * width;
  }

  /**
   * The number of values in one flattened image.
   *
   * @return {@code channels * height * width}
   */
  public int size() {
    return channels * height * width;
  }

  /** Prints {@code [C, H, W]}, e.g. {@code [1, 28, 28]}. */
  @Override
  public String toString() {
    return "[" + channels + ", " + height + ", " + width + "]";
  }
}
