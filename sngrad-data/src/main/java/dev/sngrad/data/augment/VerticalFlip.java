package dev.sngrad.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.data.ImageShape;
import java.util.SplittableRandom;

/**
 * With probability {@code p}, mirrors the image top-bottom ({@code y -> H - 1 - y}, all channels),
 * as torchvision's {@code RandomVerticalFlip(p)}. Draws one uniform double per call. Immutable and
 * thread-safe.
 */
public final class VerticalFlip implements ExampleTransform {
  private final double probability;

  /**
   * Flips with probability {@code probability}.
   *
   * @param probability the chance of flipping, in [0, 1]
   * @throws IllegalArgumentException if {@code probability} is outside [0, 1]
   */
  public VerticalFlip(double probability) {
    checkArgument(
        probability >= 0 && probability <= 1, "flip probability %s is not in [0, 1]", probability);
    this.probability = probability;
  }

  /**
   * torchvision's default probability.
   *
   * @return a flip with {@code p = 0.5}
   */
  public static VerticalFlip withDefaultProbability() {
    return new VerticalFlip(0.5);
  }

  @Override
  public void apply(float[] data, int offset, ImageShape shape, SplittableRandom rng) {
    if (rng.nextDouble() >= probability) {
      return;
    }
    int w = shape.width();
    int h = shape.height();
    float[] row = new float[w];
    for (int c = 0; c < shape.channels(); c++) {
      int plane = offset + c * shape.planeSize();
      for (int top = 0, bottom = h - 1; top < bottom; top++, bottom--) {
        int a = plane + top * w;
        int b = plane + bottom * w;
        System.arraycopy(data, a, row, 0, w);
        System.arraycopy(data, b, data, a, w);
        System.arraycopy(row, 0, data, b, w);
      }
    }
  }

  @Override
  public String toString() {
    return "VerticalFlip(p=" + probability + ")";
  }
}
