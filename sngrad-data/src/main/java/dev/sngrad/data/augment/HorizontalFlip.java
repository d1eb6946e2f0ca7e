package dev.sngrad.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.data.ImageShape;
import java.util.SplittableRandom;

/**
 * With probability {@code p}, mirrors the image left-right ({@code x -> W - 1 - x}, all channels),
 * as torchvision's {@code RandomHorizontalFlip(p)}. Draws one uniform double per call. Immutable
 * and thread-safe.
 */
public final class HorizontalFlip implements ExampleTransform {
  private final double probability;

  /**
   * Flips with probability {@code probability}.
   *
   * @param probability the chance of flipping, in [0, 1]
   * @throws IllegalArgumentException if {@code probability} is outside [0, 1]
   */
  public HorizontalFlip(double probability) {
    checkArgument(
        probability >= 0 && probability <= 1, "flip probability %s is not in [0, 1]", probability);
    this.probability = probability;
  }

  /**
   * torchvision's default probability.
   *
   * @return a flip with {@code p = 0.5}
   */
  public static HorizontalFlip withDefaultProbability() {
    return new HorizontalFlip(0.5);
  }

  @Override
  public void apply(float[] data, int offset, ImageShape shape, SplittableRandom rng) {
    if (rng.nextDouble() >= probability) {
      return;
    }
    int w = shape.width();
    int rows = shape.channels() * shape.height();
    for (int r = 0; r < rows; r++) {
      int start = offset + r * w;
      for (int i = start, j = start + w - 1; i < j; i++, j--) {
        float t = data[i];
        data[i] = data[j];
        data[j] = t;
      }
    }
  }

  @Override
  public String toString() {
    return "HorizontalFlip(p=" + probability + ")";
  }
}
