package dev.sngrad.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random erasing (Zhong et al. 2020, "Random Erasing Data Augmentation"), following torchvision's
 * {@code RandomErasing(p, scale, ratio, value)} step by step.
 *
 * <p>With probability {@code p}: up to 10 times, draw a target area {@code H*W*U(scaleMin,
 * scaleMax)} and an aspect ratio {@code exp(U(ln ratioMin, ln ratioMax))}; set {@code h =
 * round(sqrt(area*ratio))}, {@code w = round(sqrt(area/ratio))} (round half to even, as Python's
 * {@code round}); if {@code h < H} and {@code w < W}, pick the top-left corner uniformly among the
 * {@code (H-h+1) x (W-w+1)} positions and set that rectangle to {@code value} in every channel. If
 * no attempt fits, the image is left unchanged. torchvision applies it to normalized tensors, so
 * {@code value = 0} there means the channel mean; put this transform in {@link Augmentation}'s
 * after-normalization stage to match. Immutable and thread-safe.
 */
public final class RandomErasing implements ExampleTransform {
  private static final int ATTEMPTS = 10;

  private final double probability;
  private final double scaleMin;
  private final double scaleMax;
  private final double logRatioMin;
  private final double logRatioMax;
  private final float value;

  /**
   * Creates random erasing.
   *
   * @param probability chance of erasing at all, in [0, 1]
   * @param scaleMin smallest erased fraction of the image area, in [0, 1]
   * @param scaleMax largest erased fraction, in [scaleMin, 1]
   * @param ratioMin smallest aspect ratio h/w, positive
   * @param ratioMax largest aspect ratio, at least ratioMin
   * @param value the value written into the rectangle, in the units of the stage it runs in
   *     (normalized: 0 is the channel mean)
   * @throws IllegalArgumentException if a probability, scale or ratio is outside its range
   */
  public RandomErasing(
      double probability,
      double scaleMin,
      double scaleMax,
      double ratioMin,
      double ratioMax,
      float value) {
    checkArgument(
        probability >= 0 && probability <= 1, "probability %s not in [0, 1]", probability);
    checkArgument(
        scaleMin >= 0 && scaleMin <= scaleMax && scaleMax <= 1,
        "scale range (%s, %s) must satisfy 0 <= min <= max <= 1",
        scaleMin,
        scaleMax);
    checkArgument(
        ratioMin > 0 && ratioMin <= ratioMax,
        "ratio range (%s, %s) must satisfy 0 < min <= max",
        ratioMin,
        ratioMax);
    this.probability = probability;
    this.scaleMin = scaleMin;
    this.scaleMax = scaleMax;
    this.logRatioMin = Math.log(ratioMin);
    this.logRatioMax = Math.log(ratioMax);
    this.value = value;
  }

  /**
   * torchvision's defaults, as in the original study: {@code p = 0.5}, scale (0.02, 0.33), ratio
   * (0.3, 3.3), value 0.
   *
   * @return random erasing with those parameters
   */
  public static RandomErasing withDefaults() {
    return new RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, 0f);
  }

  @Override
  public void apply(float[] data, int offset, ImageShape shape, SplittableRandom rng) {
    if (rng.nextDouble() >= probability) {
      return;
    }
    int imageHeight = shape.height();
    int imageWidth = shape.width();
    double area = (double) imageHeight * imageWidth;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double eraseArea = area * uniform(rng, scaleMin, scaleMax);
      double aspect = Math.exp(uniform(rng, logRatioMin, logRatioMax));
      int h = (int) Math.rint(Math.sqrt(eraseArea * aspect));
      int w = (int) Math.rint(Math.sqrt(eraseArea / aspect));
      if (!(h < imageHeight && w < imageWidth)) {
        continue;
      }
      int top = rng.nextInt(imageHeight - h + 1);
      int left = rng.nextInt(imageWidth - w + 1);
      for (int c = 0; c < shape.channels(); c++) {
        int plane = offset + c * shape.planeSize();
        for (int y = top; y < top + h; y++) {
          int row = plane + y * imageWidth;
          Arrays.fill(data, row + left, row + left + w, value);
        }
      }
      return;
    }
  }

  private static double uniform(SplittableRandom rng, double low, double high) {
    return low == high ? low : rng.nextDouble(low, high);
  }

  @Override
  public String toString() {
    return String.format(
        "RandomErasing(p=%s, scale=(%s, %s), ratio=(%.3g, %.3g), value=%s)",
        probability, scaleMin, scaleMax, Math.exp(logRatioMin), Math.exp(logRatioMax), value);
  }
}
