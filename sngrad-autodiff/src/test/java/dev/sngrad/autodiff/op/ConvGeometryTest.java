package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvGeometry}'s patch matrices against literal loops over their definition, bit for bit:
 * lines shorter and longer than a vector, strides 1 and 2, and every padding up to one more than
 * half the kernel, where a kernel column can miss the image altogether.
 */
class ConvGeometryTest {
  @Test
  void im2colAndCol2imAreTheirDefinitions() {
    SplittableRandom rng = new SplittableRandom(31);
    int cases = 0;
    for (int width : new int[] {1, 5, 9, 16, 17}) {
      for (int kernel : new int[] {1, 3, 5}) {
        for (int pad = 0; pad <= kernel / 2 + 1; pad++) {
          for (int stride = 1; stride <= 2; stride++) {
            if (width + 2 * pad < kernel) {
              continue;
            }
            ConvGeometry g = ConvGeometry.of(
                "test", Shape.of(2, 3, width + 1, width), Shape.of(4, 3, kernel, kernel), stride, stride, pad, pad);
            check(g, rng, "width " + width + ", kernel " + kernel + ", pad " + pad + ", stride " + stride);
            cases++;
          }
        }
      }
    }
    assertThat(cases).isGreaterThan(50);
  }

  private static void check(ConvGeometry g, SplittableRandom rng, String where) {
    int p = g.positions();
    float[] x = values(rng, g.batch() * g.inputSize());
    for (int b = 0; b < g.batch(); b++) {
      float[] cols = new float[g.patch() * p];
      Arrays.fill(cols, Float.NaN);
      g.im2col(x, b, cols, 0, p);
      float[] dcols = values(rng, g.patch() * p);
      float[] dx = values(rng, g.batch() * g.inputSize());
      float[] expectedDx = dx.clone();
      g.col2imAdd(dcols, 0, p, dx, b);
      // the literal loops: row (c kh + i) kw + j, column oh outW + ow meets input (ih, iw)
      for (int c = 0; c < g.channels(); c++) {
        for (int i = 0; i < g.kernelH(); i++) {
          for (int j = 0; j < g.kernelW(); j++) {
            int row = (c * g.kernelH() + i) * g.kernelW() + j;
            for (int oh = 0; oh < g.outH(); oh++) {
              for (int ow = 0; ow < g.outW(); ow++) {
                int ih = oh * g.strideH() - g.padH() + i;
                int iw = ow * g.strideW() - g.padW() + j;
                int at = row * p + oh * g.outW() + ow;
                boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
                int pixel = b * g.inputSize() + (c * g.height() + ih) * g.width() + iw;
                assertThat(cols[at]).as("im2col, %s, example %s, row %s, column %s", where, b, row, at - row * p)
                    .isEqualTo(inside ? x[pixel] : 0f);
                if (inside) {
                  expectedDx[pixel] += dcols[at];
                }
              }
            }
          }
        }
      }
      assertThat(dx).as("col2im, %s, example %s", where, b).containsExactly(expectedDx);
    }
  }

  /** Values at scales from 1e-8 to 1e8, so that a changed order of additions would show. */
  private static float[] values(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9)));
    }
    return a;
  }
}
