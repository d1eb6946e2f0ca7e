package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.CpuFeatures;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Pooling over square windows of {@code x: [B, C, H, W]}: window {@code (oh, ow)} covers rows
 * {@code oh*stride .. oh*stride + kernel - 1} and the same columns, without padding, giving {@code
 * [B, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1]} (PyTorch's {@code MaxPool2d} and
 * {@code AvgPool2d} with {@code padding=0, ceil_mode=False}). Each plane {@code [n, c]} is pooled
 * on its own, so examples never mix and the per-example rule is that of a single-input op.
 */
abstract class Pool2d implements Primitive {
  final int kernel;
  final int stride;

  Pool2d(int kernel, int stride) {
    checkArgument(kernel > 0 && stride > 0, "%s: kernel and stride must be positive, got %s and %s", name(), kernel, stride);
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "%s takes 1 input, got %s", name(), in.size());
    Shape x = in.get(0);
    checkArgument(
        x.rank() == 4 && x.dim(2) >= kernel && x.dim(3) >= kernel,
        "%s: needs input [B, C, H, W] with H and W at least the kernel %s, got %s", name(), kernel, x);
    return Shape.of(x.dim(0), x.dim(1), (x.dim(2) - kernel) / stride + 1, (x.dim(3) - kernel) / stride + 1);
  }

  /** The value of one window whose top-left input element is {@code x[at]} in rows of {@code width}. */
  abstract float pool(float[] x, int at, int width);

  /** Adds the window's share of {@code ct} to {@code dx}, laid out as {@link #pool} reads {@code x}. */
  abstract void poolVjp(float[] x, float[] dx, int at, int width, float ct);

  /**
   * Pools the first windows of an output row by a faster loop with {@link #pool}'s bits, the row's
   * windows starting at {@code x[top]} and going to {@code y[out]}; returns how many it did (here
   * none), the rest going through {@link #pool}.
   */
  int forwardRow(float[] x, int top, int width, float[] y, int out, int windows) {
    return 0;
  }

  /** {@link #forwardRow}'s twin for {@link #poolVjp}, {@code dx} holding zeros where it writes. */
  int vjpRow(float[] x, int top, int width, float[] ct, int at, float[] dx, int windows) {
    return 0;
  }

  /**
   * Planes per chunk of {@link ExecutionContext#forEachChunk}: about 16 K input elements, so that a
   * batch's pooling spreads over the threads while a chunk is worth a hand-off. Planes never share
   * an element, so chunks are independent and the result does not depend on the thread count.
   */
  private static int planesPerChunk(int planeSize) {
    return Math.max(1, (1 << 14) / planeSize);
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    Shape xs = in.get(0).shape();
    Shape ys = outputShape(List.of(xs));
    float[] x = TensorArrays.data(in.get(0));
    float[] y = ctx.buffers().floats(ys.size());
    int planes = xs.dim(0) * xs.dim(1);
    int h = xs.dim(2);
    int w = xs.dim(3);
    int outH = ys.dim(2);
    int outW = ys.dim(3);
    int perChunk = planesPerChunk(h * w);
    ctx.forEachChunk((planes + perChunk - 1) / perChunk, chunk -> {
      for (int plane = chunk * perChunk, end = Math.min(planes, plane + perChunk); plane < end; plane++) {
        for (int oh = 0; oh < outH; oh++) {
          int top = (plane * h + oh * stride) * w;
          int out = (plane * outH + oh) * outW;
          for (int ow = forwardRow(x, top, w, y, out, outW); ow < outW; ow++) {
            y[out + ow] = pool(x, top + ow * stride, w);
          }
        }
      }
    });
    return TensorArrays.wrap(ys, y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    Shape xs = in.get(0).shape();
    float[] x = TensorArrays.data(in.get(0));
    float[] c = TensorArrays.data(ct);
    float[] dx = ctx.buffers().zeros(xs.size());
    int planes = xs.dim(0) * xs.dim(1);
    int h = xs.dim(2);
    int w = xs.dim(3);
    int outH = ct.shape().dim(2);
    int outW = ct.shape().dim(3);
    int perChunk = planesPerChunk(h * w);
    // each plane on one thread, its windows adding in the loops' order
    ctx.forEachChunk((planes + perChunk - 1) / perChunk, chunk -> {
      for (int plane = chunk * perChunk, end = Math.min(planes, plane + perChunk); plane < end; plane++) {
        for (int oh = 0; oh < outH; oh++) {
          int top = (plane * h + oh * stride) * w;
          int at = (plane * outH + oh) * outW;
          for (int ow = vjpRow(x, top, w, c, at, dx, outW); ow < outW; ow++) {
            poolVjp(x, dx, top + ow * stride, w, c[at + ow]);
          }
        }
      }
    });
    return TensorArrays.wrap(xs, dx);
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  @Override
  public String toString() {
    return name() + "(kernel " + kernel + ", stride " + stride + ")";
  }

  /**
   * The maximum of each window. Its gradient goes to the first maximal element in scan order
   * (row by row, left to right within the window), the element PyTorch's CPU kernel picks; with
   * ties the other maxima get none, and where windows overlap an element collects from each
   * window whose first maximum it is. NaN is never the maximum (comparisons with it are false).
   */
  static final class Max extends Pool2d {
    /** Whether rows go to {@link VectorMaxPool}: 2 x 2 windows with stride 2, on a JVM that compiles it. */
    private final boolean vectorRows;

    Max(int kernel, int stride) {
      this(kernel, stride, CpuFeatures.vectorShuffles());
    }

    /** With {@code vector}, 2 x 2 windows with stride 2 take {@link VectorMaxPool}'s loops (for tests). */
    Max(int kernel, int stride, boolean vector) {
      super(kernel, stride);
      this.vectorRows = vector && kernel == 2 && stride == 2;
    }

    @Override
    public String name() {
      return "max_pool2d";
    }

    @Override
    float pool(float[] x, int at, int width) {
      return x[argMax(x, at, width)];
    }

    @Override
    void poolVjp(float[] x, float[] dx, int at, int width, float ct) {
      dx[argMax(x, at, width)] += ct;
    }

    @Override
    int forwardRow(float[] x, int top, int width, float[] y, int out, int windows) {
      return vectorRows ? VectorMaxPool.forwardRow(x, top, width, y, out, windows) : 0;
    }

    @Override
    int vjpRow(float[] x, int top, int width, float[] ct, int at, float[] dx, int windows) {
      // windows that do not overlap: each element of dx is written by at most one window
      return vectorRows ? VectorMaxPool.vjpRow(x, top, width, ct, at, dx, windows) : 0;
    }

    /** The index of the window's first maximum in scan order. */
    private int argMax(float[] x, int at, int width) {
      int best = at;
      for (int i = 0; i < kernel; i++) {
        for (int j = 0, row = at + i * width; j < kernel; j++) {
          if (x[row + j] > x[best]) {
            best = row + j;
          }
        }
      }
      return best;
    }
  }

  /** The mean of each window, {@code kernel^2} elements (no padding, so no count to exclude). */
  static final class Average extends Pool2d {
    Average(int kernel, int stride) {
      super(kernel, stride);
    }

    @Override
    public String name() {
      return "avg_pool2d";
    }

    @Override
    float pool(float[] x, int at, int width) {
      float sum = 0f;
      for (int i = 0; i < kernel; i++) {
        for (int j = 0, row = at + i * width; j < kernel; j++) {
          sum += x[row + j];
        }
      }
      return sum / (kernel * kernel);
    }

    @Override
    void poolVjp(float[] x, float[] dx, int at, int width, float ct) {
      float share = ct / (kernel * kernel);
      for (int i = 0; i < kernel; i++) {
        for (int j = 0, row = at + i * width; j < kernel; j++) {
          dx[row + j] += share;
        }
      }
    }
  }
}
