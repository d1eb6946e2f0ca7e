package dev.sngrad.autodiff.op;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Pool2d.Max}'s 2 x 2 windows with stride 2 on the Vector API, eight windows of one output
 * row at a time (loaded only when {@code CpuFeatures.vectorShuffles()} says so). The scalar scan
 * branches on every comparison, and with data such as ReLU's output (zeros and values at random)
 * the branches mispredict: about 2 ns per input element. Here the same comparisons, in the same
 * order, select lanes instead: {@code b > a}, then {@code c} and {@code d} against the maximum so
 * far, so the value and the first maximum in scan order are the scalar scan's, NaN and signed
 * zeros included. Each method returns the number of windows it did; the caller's scalar loop does
 * the rest of the row.
 */
final class VectorMaxPool {
  /** 256 bits, the matrix kernel's species, for the reason given in {@code VectorRelu}. */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
  private static final int WINDOWS = SPECIES.length();
  /** From two vectors of 16 consecutive elements: the left (even) ones and the right (odd) ones. */
  private static final VectorShuffle<Float> LEFT = VectorShuffle.fromValues(SPECIES, 0, 2, 4, 6, 8, 10, 12, 14);
  private static final VectorShuffle<Float> RIGHT = VectorShuffle.fromValues(SPECIES, 1, 3, 5, 7, 9, 11, 13, 15);
  /** Back again: the first and the second eight of the left and right lanes interleaved. */
  private static final VectorShuffle<Float> FIRST = VectorShuffle.fromValues(SPECIES, 0, 8, 1, 9, 2, 10, 3, 11);
  private static final VectorShuffle<Float> SECOND = VectorShuffle.fromValues(SPECIES, 4, 12, 5, 13, 6, 14, 7, 15);

  private VectorMaxPool() {}

  /**
   * {@code y[out + ow]} for the row's windows, the window {@code ow} with its top-left element at
   * {@code x[top + 2 ow]} in rows of {@code width}.
   *
   * @return the windows done, a multiple of 8 at most {@code windows}
   */
  static int forwardRow(float[] x, int top, int width, float[] y, int out, int windows) {
    return row(x, top, width, y, out, null, 0, null, windows);
  }

  /**
   * For the row's windows, {@code ct[at + ow]} added to the first maximum's element of {@code dx},
   * laid out as {@code x}, whose elements of these windows must be zero: each of the window's
   * four elements is written, {@code 0 + ct} (as the scalar loop's addition to zero gives it) or 0.
   *
   * @return the windows done, a multiple of 8 at most {@code windows}
   */
  static int vjpRow(float[] x, int top, int width, float[] ct, int at, float[] dx, int windows) {
    return row(x, top, width, null, 0, ct, at, dx, windows);
  }

  /**
   * The forward row into {@code y} when it is given, else the VJP's row into {@code dx}: one loop
   * for both, since the vectors stay in registers only within one compiled loop (no helper
   * methods), and the JIT takes the test of {@code y} out of the loop.
   */
  private static int row(
      float[] x, int top, int width, float[] y, int out, float[] ct, int at, float[] dx, int windows) {
    int end = windows - windows % WINDOWS;
    FloatVector zero = FloatVector.zero(SPECIES);
    for (int ow = 0; ow < end; ow += WINDOWS) {
      int left = top + 2 * ow;
      FloatVector top0 = FloatVector.fromArray(SPECIES, x, left);
      FloatVector top1 = FloatVector.fromArray(SPECIES, x, left + WINDOWS);
      FloatVector bottom0 = FloatVector.fromArray(SPECIES, x, left + width);
      FloatVector bottom1 = FloatVector.fromArray(SPECIES, x, left + width + WINDOWS);
      FloatVector a = top0.rearrange(LEFT, top1);
      FloatVector b = top0.rearrange(RIGHT, top1);
      FloatVector c = bottom0.rearrange(LEFT, bottom1);
      FloatVector d = bottom0.rearrange(RIGHT, bottom1);
      VectorMask<Float> bWins = b.compare(VectorOperators.GT, a);
      FloatVector m = a.blend(b, bWins);
      VectorMask<Float> cWins = c.compare(VectorOperators.GT, m);
      m = m.blend(c, cWins);
      VectorMask<Float> dWins = d.compare(VectorOperators.GT, m);
      if (y != null) {
        m.blend(d, dWins).intoArray(y, out + ow);
        continue;
      }
      // the first maximum is d where d beat the maximum so far, else c where c did, else b, else a
      VectorMask<Float> toC = cWins.andNot(dWins);
      VectorMask<Float> toB = bWins.andNot(cWins).andNot(dWins);
      VectorMask<Float> toA = bWins.or(cWins).or(dWins).not();
      FloatVector added = zero.add(FloatVector.fromArray(SPECIES, ct, at + ow));
      FloatVector dxA = zero.blend(added, toA);
      FloatVector dxB = zero.blend(added, toB);
      FloatVector dxC = zero.blend(added, toC);
      FloatVector dxD = zero.blend(added, dWins);
      dxA.rearrange(FIRST, dxB).intoArray(dx, left);
      dxA.rearrange(SECOND, dxB).intoArray(dx, left + WINDOWS);
      dxC.rearrange(FIRST, dxD).intoArray(dx, left + width);
      dxC.rearrange(SECOND, dxD).intoArray(dx, left + width + WINDOWS);
    }
    return end;
  }
}
