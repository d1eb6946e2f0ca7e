package dev.sngrad.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private static final ImageShape RECT = new ImageShape(2, 2, 3);
  private static final ImageShape SQUARE = new ImageShape(2, 4, 4);

  /** Value at (c, y, x) = 100c + 10y + x, stored after {@code offset} padding values of -1. */
  private static float[] image(ImageShape shape, int offset) {
    float[] data = new float[offset + shape.size() + 3];
    Arrays.fill(data, -1);
    for (int c = 0; c < shape.channels(); c++) {
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          data[offset + c * shape.planeSize() + y * shape.width() + x] = 100 * c + 10 * y + x;
        }
      }
    }
    return data;
  }

  private static float at(float[] data, int offset, ImageShape s, int c, int y, int x) {
    return data[offset + c * s.planeSize() + y * s.width() + x];
  }

  private static void assertPaddingUntouched(float[] data, int offset, ImageShape shape) {
    for (int i = 0; i < data.length; i++) {
      if (i < offset || i >= offset + shape.size()) {
        assertThat(data[i]).isEqualTo(-1);
      }
    }
  }

  @Test
  void horizontalFlipMirrorsColumnsOfEveryChannel() {
    float[] data = image(RECT, 5);
    new HorizontalFlip(1.0).apply(data, 5, RECT, new SplittableRandom(0));
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          assertThat(at(data, 5, RECT, c, y, x)).isEqualTo(100 * c + 10 * y + (2 - x));
        }
      }
    }
    assertPaddingUntouched(data, 5, RECT);
    float[] untouched = image(RECT, 5);
    new HorizontalFlip(0.0).apply(untouched, 5, RECT, new SplittableRandom(0));
    assertThat(untouched).isEqualTo(image(RECT, 5));
  }

  @Test
  void verticalFlipMirrorsRowsOfEveryChannel() {
    float[] data = image(RECT, 2);
    new VerticalFlip(1.0).apply(data, 2, RECT, new SplittableRandom(0));
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          assertThat(at(data, 2, RECT, c, y, x)).isEqualTo(100 * c + 10 * (1 - y) + x);
        }
      }
    }
    assertPaddingUntouched(data, 2, RECT);
  }

  @Test
  void flipsHappenWithTheirProbability() {
    SplittableRandom rng = new SplittableRandom(1);
    int flipped = 0;
    for (int i = 0; i < 2000; i++) {
      float[] data = image(RECT, 0);
      HorizontalFlip.withDefaultProbability().apply(data, 0, RECT, rng);
      flipped += data[0] == 2 ? 1 : 0;
    }
    assertThat(flipped).isBetween(900, 1100);
  }

  @Test
  void rotationByNinetyDegreesIsExactAndCounterClockwise() {
    float[] data = image(SQUARE, 1);
    RandomRotation.nearest(90).rotate(data, 1, SQUARE, 90);
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          // out(x, y) = in(W - 1 - y, x): the top-right corner moves to the top-left.
          assertThat(at(data, 1, SQUARE, c, y, x)).isEqualTo(100 * c + 10 * x + (3 - y));
        }
      }
    }
    assertPaddingUntouched(data, 1, SQUARE);
  }

  @Test
  void rotationByZeroIsIdentityAndByHalfTurnIsBothFlips() {
    for (RandomRotation.Interpolation mode : RandomRotation.Interpolation.values()) {
      RandomRotation rotation = new RandomRotation(180, mode, 0f);
      float[] data = image(SQUARE, 0);
      rotation.rotate(data, 0, SQUARE, 0);
      assertThat(data).isEqualTo(image(SQUARE, 0));

      float[] half = image(SQUARE, 0);
      rotation.rotate(half, 0, SQUARE, 180);
      float[] flipped = image(SQUARE, 0);
      new HorizontalFlip(1).apply(flipped, 0, SQUARE, new SplittableRandom(0));
      new VerticalFlip(1).apply(flipped, 0, SQUARE, new SplittableRandom(0));
      for (int i = 0; i < SQUARE.size(); i++) {
        assertThat(half[i])
            .as("%s at %s", mode, i)
            .isCloseTo(flipped[i], org.assertj.core.data.Offset.offset(1e-3f));
      }
    }
  }

  @Test
  void rotationFillsPixelsFromOutsideWithFill() {
    ImageShape shape = new ImageShape(1, 8, 8);
    float[] data = new float[64];
    Arrays.fill(data, 5f);
    new RandomRotation(45, RandomRotation.Interpolation.NEAREST, -7f).rotate(data, 0, shape, 45);
    assertThat(data[0]).isEqualTo(-7f);
    assertThat(data[63]).isEqualTo(-7f);
    assertThat(data[3 * 8 + 4]).isEqualTo(5f);
  }

  @Test
  void randomRotationIsSeededAndZeroRangeIsIdentity() {
    ImageShape shape = new ImageShape(1, 28, 28);
    float[] a = image(shape, 0);
    float[] b = image(shape, 0);
    RandomRotation.nearest(20).apply(a, 0, shape, new SplittableRandom(4));
    RandomRotation.nearest(20).apply(b, 0, shape, new SplittableRandom(4));
    assertThat(a).isEqualTo(b).isNotEqualTo(image(shape, 0));
    float[] c = image(shape, 0);
    RandomRotation.nearest(0).apply(c, 0, shape, new SplittableRandom(4));
    assertThat(c).isEqualTo(image(shape, 0));
    assertThatThrownBy(() -> RandomRotation.nearest(200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDegrees 200.0 is not in [0, 180]");
  }

  @Test
  void randomErasingSetsOneRectangleInEveryChannel() {
    ImageShape shape = new ImageShape(3, 28, 28);
    RandomErasing always = new RandomErasing(1.0, 0.02, 0.33, 0.3, 3.3, 0f);
    SplittableRandom rng = new SplittableRandom(8);
    for (int trial = 0; trial < 500; trial++) {
      float[] data = new float[2 + shape.size()];
      Arrays.fill(data, 1f);
      always.apply(data, 2, shape, rng);
      assertThat(data[0]).isEqualTo(1f);
      assertThat(data[1]).isEqualTo(1f);
      int minY = 99, maxY = -1, minX = 99, maxX = -1, zeros = 0;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          if (data[2 + y * 28 + x] == 0f) {
            zeros++;
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
          }
        }
      }
      int h = maxY - minY + 1;
      int w = maxX - minX + 1;
      assertThat(zeros).isEqualTo(h * w);
      // Rounding h and w to integers can move the area a little outside [0.02, 0.33] * 784.
      assertThat(zeros).isBetween(9, 300);
      assertThat(h).isLessThan(28);
      assertThat(w).isLessThan(28);
      for (int c = 1; c < 3; c++) {
        for (int p = 0; p < 784; p++) {
          assertThat(data[2 + c * 784 + p]).isEqualTo(data[2 + p]);
        }
      }
    }
  }

  @Test
  void randomErasingHappensWithItsProbability() {
    ImageShape shape = new ImageShape(1, 28, 28);
    SplittableRandom rng = new SplittableRandom(2);
    int erased = 0;
    for (int i = 0; i < 2000; i++) {
      float[] data = new float[784];
      Arrays.fill(data, 1f);
      RandomErasing.withDefaults().apply(data, 0, shape, rng);
      for (float v : data) {
        if (v == 0f) {
          erased++;
          break;
        }
      }
    }
    assertThat(erased).isBetween(900, 1100);
  }

  @Test
  void noneIsTheIdentity() {
    assertThat(Augmentation.none().isIdentity()).isTrue();
  }
}
