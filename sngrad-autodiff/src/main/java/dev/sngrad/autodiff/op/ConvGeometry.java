package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;

/**
 * The sizes of a 2-D convolution of {@code x: [B, C, H, W]} with {@code w: [O, C, kh, kw]}, zero
 * padding {@code (padH, padW)} and stride {@code (strideH, strideW)}, giving {@code [B, O, outH,
 * outW]} with {@code outH = (H + 2 padH - kh) / strideH + 1} (PyTorch's {@code Conv2d} without
 * dilation or groups), and the moves between images and their patch matrices.
 *
 * <p>The patch matrix ({@code im2col}) of example {@code b} has one row per output position {@code
 * p = oh * outW + ow} and one column per weight element {@code k = (c * kh + i) * kw + j}: row
 * {@code p} holds the input values the kernel meets at {@code p}, zero where it hangs over the
 * border. With all examples stacked it is {@code [B * P, K]}, {@code P = outH * outW}, {@code K =
 * C * kh * kw}, so the convolution is one matrix product with the weight seen as {@code [O, K]},
 * and the rows of one example are contiguous (per-example weight gradients are {@code ct_b cols_b}).
 */
record ConvGeometry(
    int batch, int channels, int height, int width, int outChannels, int kernelH, int kernelW,
    int strideH, int strideW, int padH, int padW, int outH, int outW) {

  /** Validates the shapes and options, naming {@code op}, both shapes and the options when they do not fit. */
  static ConvGeometry of(String op, Shape x, Shape w, int strideH, int strideW, int padH, int padW) {
    checkArgument(
        strideH > 0 && strideW > 0 && padH >= 0 && padW >= 0,
        "%s: stride must be positive and padding non-negative, got stride (%s, %s) and padding (%s, %s)",
        op, strideH, strideW, padH, padW);
    checkArgument(
        x.rank() == 4 && w.rank() == 4,
        "%s: needs input [B, C, H, W] and weight [O, C, kh, kw], got input %s and weight %s", op, x, w);
    checkArgument(
        x.dim(1) == w.dim(1), "%s: input %s has %s channels but weight %s expects %s",
        op, x, x.dim(1), w, w.dim(1));
    int outH = (x.dim(2) + 2 * padH - w.dim(2)) / strideH + 1;
    int outW = (x.dim(3) + 2 * padW - w.dim(3)) / strideW + 1;
    checkArgument(
        x.dim(2) + 2 * padH >= w.dim(2) && x.dim(3) + 2 * padW >= w.dim(3),
        "%s: kernel of weight %s is larger than input %s with padding (%s, %s)", op, w, x, padH, padW);
    return new ConvGeometry(
        x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3),
        strideH, strideW, padH, padW, outH, outW);
  }

  /** Output positions per example and channel, {@code outH * outW}. */
  int positions() {
    return outH * outW;
  }

  /** Weight elements per output channel, {@code C * kh * kw}: the patch length. */
  int patch() {
    return channels * kernelH * kernelW;
  }

  /** Input elements per example, {@code C * H * W}. */
  int inputSize() {
    return channels * height * width;
  }

  /** The output shape {@code [B, O, outH, outW]}. */
  Shape outputShape() {
    return Shape.of(batch, outChannels, outH, outW);
  }

  /**
   * Writes example {@code b}'s patch matrix {@code [P, K]} to {@code cols} from offset {@code at},
   * every element (zeros over the border); {@code x} holds the whole batch and is not modified.
   */
  void im2col(float[] x, int b, float[] cols, int at) {
    walk(x, b, cols, at, true);
  }

  /**
   * Adds example {@code b}'s patch-matrix cotangent {@code [P, K]} (from {@code dcols[at]}) into
   * its input cotangent in {@code dx}, which holds the whole batch: the transpose of {@link
   * #im2col}, dropping the border.
   */
  void col2imAdd(float[] dcols, int at, float[] dx, int b) {
    walk(dx, b, dcols, at, false);
  }

  /**
   * Visits the patch matrix row by row and, within a row, kernel line by kernel line: {@code
   * gather} copies image values into {@code cols} (zeros over the border), otherwise adds {@code
   * cols} into the image. Windows inside the image (most of them) take a loop without border
   * tests.
   */
  private void walk(float[] image, int b, float[] cols, int at, boolean gather) {
    int base = b * inputSize();
    int area = height * width;
    int row = at;
    for (int oh = 0; oh < outH; oh++) {
      int top = oh * strideH - padH;
      boolean rowsInside = top >= 0 && top + kernelH <= height;
      for (int ow = 0; ow < outW; ow++) {
        int left = ow * strideW - padW;
        if (rowsInside && left >= 0 && left + kernelW <= width) {
          int corner = base + top * width + left;
          if (gather) {
            for (int c = 0; c < channels; c++) {
              for (int i = 0, line = corner + c * area; i < kernelH; i++, line += width, row += kernelW) {
                for (int j = 0; j < kernelW; j++) {
                  cols[row + j] = image[line + j];
                }
              }
            }
          } else {
            for (int c = 0; c < channels; c++) {
              for (int i = 0, line = corner + c * area; i < kernelH; i++, line += width, row += kernelW) {
                for (int j = 0; j < kernelW; j++) {
                  image[line + j] += cols[row + j];
                }
              }
            }
          }
          continue;
        }
        for (int c = 0; c < channels; c++) {
          int plane = base + c * area;
          for (int i = 0; i < kernelH; i++, row += kernelW) {
            int ih = top + i;
            if (ih < 0 || ih >= height) {
              if (gather) {
                java.util.Arrays.fill(cols, row, row + kernelW, 0f);
              }
              continue;
            }
            int line = plane + ih * width;
            for (int j = 0; j < kernelW; j++) {
              int iw = left + j;
              boolean inside = iw >= 0 && iw < width;
              if (gather) {
                cols[row + j] = inside ? image[line + iw] : 0f;
              } else if (inside) {
                image[line + iw] += cols[row + j];
              }
            }
          }
        }
      }
    }
  }
}
