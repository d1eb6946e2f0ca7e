package dev.sngrad.data.augment;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.data.ImageShape;
import java.util.SplittableRandom;

/**
 * Rotates the image by an angle drawn uniformly from {@code [-maxDegrees, maxDegrees]}, as
 * torchvision's {@code RandomRotation(maxDegrees)} on a PIL image: about the image centre {@code
 * (W/2, H/2)}, counter-clockwise for positive angles as displayed, without expanding the canvas,
 * pixels that come from outside the image set to {@code fill}.
 *
 * <p>Output pixel {@code (x, y)} samples the input at {@code (sx, sy) = R(-angle) * (x + 0.5 - W/2,
 * y + 0.5 - H/2) + (W/2, H/2)}, i.e. {@code sx = cos*dx - sin*dy + W/2}, {@code sy = sin*dx +
 * cos*dy + H/2}, in pixel-edge coordinates (PIL's {@code Image.rotate} convention). {@link
 * Interpolation#NEAREST} (torchvision's default) takes the pixel containing that point; {@link
 * Interpolation#BILINEAR} blends the four nearest pixel centres, with {@code fill} outside. Draws
 * one uniform double per call (none when {@code maxDegrees} is 0). Immutable and thread-safe.
 */
public final class RandomRotation implements ExampleTransform {

  /** How a rotated pixel is sampled from the source image. */
  public enum Interpolation {
    /** The source pixel that contains the sample point (torchvision's default). */
    NEAREST,
    /** Bilinear blend of the four surrounding pixel centres. */
    BILINEAR
  }

  private final double maxDegrees;
  private final Interpolation interpolation;
  private final float fill;

  /**
   * Creates a random rotation.
   *
   * @param maxDegrees the largest absolute angle in degrees, in [0, 180]
   * @param interpolation how to sample the source image
   * @param fill the value of pixels that come from outside the image (0 = black before
   *     normalization, as torchvision's default {@code fill=0} on PIL images)
   * @throws IllegalArgumentException if {@code maxDegrees} is outside [0, 180]
   * @throws NullPointerException if {@code interpolation} is null
   */
  public RandomRotation(double maxDegrees, Interpolation interpolation, float fill) {
    checkArgument(
        maxDegrees >= 0 && maxDegrees <= 180, "maxDegrees %s is not in [0, 180]", maxDegrees);
    this.maxDegrees = maxDegrees;
    this.interpolation = checkNotNull(interpolation, "interpolation");
    this.fill = fill;
  }

  /**
   * torchvision's {@code RandomRotation(maxDegrees)}: nearest neighbour, fill 0.
   *
   * @param maxDegrees the largest absolute angle in degrees, in [0, 180]
   * @return the rotation
   * @throws IllegalArgumentException if {@code maxDegrees} is outside [0, 180]
   */
  public static RandomRotation nearest(double maxDegrees) {
    return new RandomRotation(maxDegrees, Interpolation.NEAREST, 0f);
  }

  @Override
  public void apply(float[] data, int offset, ImageShape shape, SplittableRandom rng) {
    if (maxDegrees == 0) {
      return;
    }
    rotate(data, offset, shape, rng.nextDouble(-maxDegrees, maxDegrees));
  }

  /**
   * Rotates the image at {@code data[offset ..]} by exactly {@code degrees} (counter-clockwise for
   * positive values) in place; {@link #apply} calls it with the drawn angle.
   *
   * @param data holds the image at {@code data[offset .. offset + shape.size())}, C, H, W order
   *     (modified)
   * @param offset the index of the image's first value
   * @param shape the image's shape
   * @param degrees the angle in degrees, any value
   */
  public void rotate(float[] data, int offset, ImageShape shape, double degrees) {
    double radians = Math.toRadians(degrees);
    // PIL rounds the matrix to 15 decimals, which makes multiples of 90 degrees exact.
    double cos = roundTiny(Math.cos(radians));
    double sin = roundTiny(Math.sin(radians));
    int w = shape.width();
    int h = shape.height();
    int plane = shape.planeSize();
    double cx = w / 2.0;
    double cy = h / 2.0;
    float[] source = new float[shape.size()];
    System.arraycopy(data, offset, source, 0, source.length);
    for (int y = 0; y < h; y++) {
      double dy = y + 0.5 - cy;
      for (int x = 0; x < w; x++) {
        double dx = x + 0.5 - cx;
        double sx = cos * dx - sin * dy + cx;
        double sy = sin * dx + cos * dy + cy;
        for (int c = 0; c < shape.channels(); c++) {
          int base = c * plane;
          data[offset + base + y * w + x] =
              interpolation == Interpolation.NEAREST
                  ? nearest(source, base, w, h, sx, sy)
                  : bilinear(source, base, w, h, sx, sy);
        }
      }
    }
  }

  private float nearest(float[] source, int base, int w, int h, double sx, double sy) {
    int ix = (int) Math.floor(sx);
    int iy = (int) Math.floor(sy);
    return ix >= 0 && ix < w && iy >= 0 && iy < h ? source[base + iy * w + ix] : fill;
  }

  private float bilinear(float[] source, int base, int w, int h, double sx, double sy) {
    double u = sx - 0.5;
    double v = sy - 0.5;
    int x0 = (int) Math.floor(u);
    int y0 = (int) Math.floor(v);
    double fx = u - x0;
    double fy = v - y0;
    double top =
        (1 - fx) * at(source, base, w, h, x0, y0) + fx * at(source, base, w, h, x0 + 1, y0);
    double bottom =
        (1 - fx) * at(source, base, w, h, x0, y0 + 1) + fx * at(source, base, w, h, x0 + 1, y0 + 1);
    return (float) ((1 - fy) * top + fy * bottom);
  }

  private float at(float[] source, int base, int w, int h, int x, int y) {
    return x >= 0 && x < w && y >= 0 && y < h ? source[base + y * w + x] : fill;
  }

  private static double roundTiny(double v) {
    return Math.abs(v) < 1e-15 ? 0.0 : v;
  }

  @Override
  public String toString() {
    return "RandomRotation(+-" + maxDegrees + " deg, " + interpolation + ", fill=" + fill + ")";
  }
}
