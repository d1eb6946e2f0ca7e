package dev.sngrad.data.augment;

import dev.sngrad.data.ImageShape;
import java.util.SplittableRandom;

/**
 * A random transform of one image, applied in place.
 *
 * <p>The image is {@code shape.size()} floats starting at {@code data[offset]}, in C, H, W order.
 * Implementations draw all randomness from {@code rng} (never from a global source), so the same
 * generator state gives the same result; they must not touch values outside the image.
 */
public interface ExampleTransform {

  /**
   * Transforms the image at {@code data[offset .. offset + shape.size())} in place.
   *
   * @param data the buffer holding the image (modified)
   * @param offset the index of the image's first value
   * @param shape the image's shape
   * @param rng the example's random generator (advanced)
   */
  void apply(float[] data, int offset, ImageShape shape, SplittableRandom rng);
}
