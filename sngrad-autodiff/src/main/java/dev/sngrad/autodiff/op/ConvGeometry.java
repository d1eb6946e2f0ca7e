package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;

/**
 * The sizes of a 2-D convolution of {@code x: [B, C, H, W]} with {@code w: [O, C, kh, kw]}, zero
 * padding {@code (padH, padW)} and stride {@code (strideH, strideW)}, giving {@code [B, O, outH,
 * outW]} with {@code outH = (H + 2 padH - kh) / strideH + 1} (PyTorch's {@code Conv2d} without
 * dilation or groups), and the moves between images and their patch matrices.
 *
 * <p>The patch matrix ({@code im2col}) of example {@code b} has one row per weight element {@code
 * k = (c * kh + i) * kw + j} and one column per output position {@code p = oh * outW + ow}: row
 * {@code k} holds the input values that weight element {@code k} meets at every position, zero
 * where the kernel hangs over the border, so that a row is a strided copy of an image line. It is
 * {@code [K, P]}, {@code P = outH * outW}, {@code K = C * kh * kw}; the convolution of one example is
 * {@code w [O, K] x cols [K, P]}, already in the output's layout, and the patch matrices of several
 * examples sit side by side in one {@code [K, E * P]} matrix for one product over all of them.
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
   * Writes example {@code b}'s patch matrix {@code [K, P]} into {@code cols}, row {@code k} at
   * {@code at + k * rowLength} (every element of the {@code P} columns, zeros over the border);
   * {@code x} holds the whole batch and is not modified.
   */
  void im2col(float[] x, int b, float[] cols, int at, int rowLength) {
    walk(x, b, cols, at, rowLength, true);
  }

  /**
   * Adds example {@code b}'s patch-matrix cotangent {@code [K, P]} (laid out as {@link #im2col}
   * writes it) into its input cotangent in {@code dx}, which holds the whole batch: the transpose
   * of {@link #im2col}, dropping the border.
   */
  void col2imAdd(float[] dcols, int at, int rowLength, float[] dx, int b) {
    walk(dx, b, dcols, at, rowLength, false);
  }

  /**
   * Visits the patch matrix row by row and, within a row, output line by output line: {@code
   * gather} copies image values into {@code cols} (zeros over the border), otherwise adds {@code
   * cols} into the image. Within an output line the positions whose input column lies inside the
   * image form one range, a plain (for stride 1, contiguous) run.
   */
  private void walk(float[] image, int b, float[] cols, int at, int rowLength, boolean gather) {
    int base = b * inputSize();
    for (int c = 0; c < channels; c++) {
      int plane = base + c * height * width;
      for (int i = 0; i < kernelH; i++) {
        for (int j = 0; j < kernelW; j++) {
          int row = at + ((c * kernelH + i) * kernelW + j) * rowLength;
          // ow with 0 <= ow * strideW - padW + j < width
          int first = Math.min(outW, Math.max(0, Math.floorDiv(padW - j + strideW - 1, strideW)));
          int end = Math.min(outW, Math.floorDiv(width - 1 + padW - j, strideW) + 1);
          end = Math.max(end, first);
          for (int oh = 0; oh < outH; oh++) {
            int out = row + oh * outW;
            int ih = oh * strideH - padH + i;
            if (ih < 0 || ih >= height) {
              if (gather) {
                java.util.Arrays.fill(cols, out, out + outW, 0f);
              }
              continue;
            }
            int src = plane + ih * width + first * strideW - padW + j;
            if (gather) {
              java.util.Arrays.fill(cols, out, out + first, 0f);
              if (strideW == 1) {
                if (end > first) { // else src may lie outside the image, and arraycopy checks it
                  System.arraycopy(image, src, cols, out + first, end - first);
                }
              } else {
                for (int ow = first, s = src; ow < end; ow++, s += strideW) {
                  cols[out + ow] = image[s];
                }
              }
              java.util.Arrays.fill(cols, out + end, out + outW, 0f);
            } else {
              for (int ow = first, s = src; ow < end; ow++, s += strideW) {
                image[s] += cols[out + ow];
              }
            }
          }
        }
      }
    }
  }
}
