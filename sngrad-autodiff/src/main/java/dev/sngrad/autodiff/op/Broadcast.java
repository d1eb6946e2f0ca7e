package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;

/** NumPy broadcasting: shapes are aligned on their last axis and dimensions of 1 stretch. */
final class Broadcast {
  private Broadcast() {}

  /** Elementwise binary function of two floats. */
  @FunctionalInterface
  interface FloatBinary {
    float apply(float x, float y);
  }

  /** The broadcast shape of {@code a} and {@code b}; fails naming the op and both shapes. */
  static Shape shape(String op, Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = dimFromEnd(a, rank - 1 - i);
      int db = dimFromEnd(b, rank - 1 - i);
      checkArgument(
          da == db || da == 1 || db == 1, "%s: shapes %s and %s cannot be broadcast together", op, a, b);
      out[i] = da == 1 ? db : da;
    }
    return Shape.of(out);
  }

  private static int dimFromEnd(Shape s, int fromEnd) {
    int axis = s.rank() - 1 - fromEnd;
    return axis < 0 ? 1 : s.dim(axis);
  }

  /** {@code f(a, b)} elementwise over the broadcast shape {@code out}. */
  static Tensor apply(Tensor a, Tensor b, Shape out, FloatBinary f) {
    float[] x = TensorArrays.data(a);
    float[] y = TensorArrays.data(b);
    float[] r = new float[out.size()];
    if (a.shape().equals(out) && b.shape().equals(out)) {
      for (int i = 0; i < r.length; i++) {
        r[i] = f.apply(x[i], y[i]);
      }
    } else if (a.shape().equals(out) && isTrailing(b.shape(), out)) {
      int n = y.length;
      for (int i = 0; i < r.length; i++) {
        r[i] = f.apply(x[i], y[i % n]);
      }
    } else if (b.shape().equals(out) && isTrailing(a.shape(), out)) {
      int n = x.length;
      for (int i = 0; i < r.length; i++) {
        r[i] = f.apply(x[i % n], y[i]);
      }
    } else {
      int[] sa = strides(a.shape(), out);
      int[] sb = strides(b.shape(), out);
      int[] dims = out.toArray();
      int[] idx = new int[dims.length];
      int ia = 0;
      int ib = 0;
      for (int i = 0; i < r.length; i++) {
        r[i] = f.apply(x[ia], y[ib]);
        for (int d = dims.length - 1; d >= 0; d--) {
          idx[d]++;
          ia += sa[d];
          ib += sb[d];
          if (idx[d] < dims[d]) {
            break;
          }
          ia -= sa[d] * dims[d];
          ib -= sb[d] * dims[d];
          idx[d] = 0;
        }
      }
    }
    return TensorArrays.wrap(out, r);
  }

  /** True when {@code s} equals the trailing dimensions of {@code out} (so index {@code i % size} addresses it). */
  private static boolean isTrailing(Shape s, Shape out) {
    if (s.rank() > out.rank()) {
      return false;
    }
    for (int i = 1; i <= s.rank(); i++) {
      if (s.dim(-i) != out.dim(-i)) {
        return false;
      }
    }
    return true;
  }

  /** Strides of {@code s} seen through the broadcast shape {@code out}: 0 along stretched axes. */
  private static int[] strides(Shape s, Shape out) {
    int rank = out.rank();
    int[] st = new int[rank];
    int stride = 1;
    for (int i = rank - 1; i >= 0; i--) {
      int axis = i - (rank - s.rank());
      int d = axis < 0 ? 1 : s.dim(axis);
      st[i] = d == 1 ? 0 : stride;
      stride *= d;
    }
    return st;
  }

  /** Sums {@code t} (of a broadcast shape) down to {@code target}, the inverse of broadcasting. */
  static Tensor sumTo(Tensor t, Shape target) {
    if (t.shape().equals(target)) {
      return t;
    }
    int rank = t.shape().rank();
    checkArgument(target.rank() <= rank, "cannot sum %s down to %s", t.shape(), target);
    int[] aligned = new int[rank];
    for (int i = 0; i < rank; i++) {
      int axis = i - (rank - target.rank());
      aligned[i] = axis < 0 ? 1 : target.dim(axis);
    }
    return reduceToAligned(t, aligned, target);
  }

  /**
   * Sums {@code t} of shape {@code [B, ...broadcast shape]} to {@code [B, ...target]}: axis 0 is
   * kept and {@code target} is aligned with the trailing axes.
   */
  static Tensor sumToPerExample(Tensor t, Shape target) {
    int rank = t.shape().rank();
    checkArgument(target.rank() < rank, "cannot sum %s down to per-example %s", t.shape(), target);
    int[] aligned = new int[rank];
    aligned[0] = t.shape().dim(0);
    for (int i = 1; i < rank; i++) {
      int axis = i - (rank - target.rank());
      aligned[i] = axis < 0 ? 1 : target.dim(axis);
    }
    return reduceToAligned(t, aligned, target.prepend(t.shape().dim(0)));
  }

  private static Tensor reduceToAligned(Tensor t, int[] aligned, Shape result) {
    Shape alignedShape = Shape.of(aligned);
    int[] st = strides(alignedShape, t.shape());
    int[] dims = t.shape().toArray();
    for (int i = 0; i < dims.length; i++) {
      checkArgument(
          aligned[i] == dims[i] || aligned[i] == 1, "cannot sum %s down to %s", t.shape(), result);
    }
    double[] acc = new double[alignedShape.size()];
    float[] x = TensorArrays.data(t);
    if (sumsLeadingAxisOnly(aligned, dims)) {
      // a bias gradient: the same additions in the same order as the general loop, row by row
      int inner = acc.length;
      for (int i = 0; i < dims[0]; i++) {
        int row = i * inner;
        for (int j = 0; j < inner; j++) {
          acc[j] += x[row + j];
        }
      }
      return toFloats(acc, result);
    }
    int[] idx = new int[dims.length];
    int io = 0;
    for (float v : x) {
      acc[io] += v;
      for (int d = dims.length - 1; d >= 0; d--) {
        idx[d]++;
        io += st[d];
        if (idx[d] < dims[d]) {
          break;
        }
        io -= st[d] * dims[d];
        idx[d] = 0;
      }
    }
    return toFloats(acc, result);
  }

  private static boolean sumsLeadingAxisOnly(int[] aligned, int[] dims) {
    if (dims.length < 2 || aligned[0] != 1) {
      return false;
    }
    for (int d = 1; d < dims.length; d++) {
      if (aligned[d] != dims[d]) {
        return false;
      }
    }
    return true;
  }

  private static Tensor toFloats(double[] acc, Shape result) {
    float[] r = new float[acc.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) acc[i];
    }
    return TensorArrays.wrap(result, r);
  }
}
