package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}) of {@code x: [B, C, H, W]} with
 * {@code w: [O, C, kh, kw]} and an optional bias {@code b: [O]}:
 *
 * <pre>{@code
 * y[n, o, oh, ow] = b[o] + sum_{c, i, j} w[o, c, i, j] * x[n, c, oh*sh - ph + i, ow*sw - pw + j]
 * }</pre>
 *
 * with zeros outside the image; see {@link ConvGeometry} for the sizes. No dilation or groups.
 *
 * <p>With the patch matrices {@code cols_n: [K, P]} ({@link ConvGeometry#im2col}), every product
 * runs on the context's {@link MatMulKernel}: forward {@code y_n = w cols_n} and {@code ct_cols_n
 * = w^T ct_n} (added back into the image by {@code col2im}), each as one product over a block of
 * examples side by side, small enough (about a million bytes of patches, the only scratch) to
 * stay in cache; {@code ct_w = sum_n ct_n cols_n^T}, one product per example (a single product
 * over the batch would need {@code ct} rearranged to {@code [O, B*P]}), forming each example's
 * patch matrix again instead of keeping the forward pass's, a few examples' at a time on the
 * context's threads; {@code ct_b} sums {@code ct} over examples and positions.
 *
 * <p>Per-example rule, {@code x} mapped and {@code w}, {@code b} shared: example {@code n}'s weight
 * gradient is {@code ct_n cols_n^T}, a sum over output positions, so the Dense identity {@code
 * (A*A)^T (D*D)} does not hold. Both {@code perExampleVjp} and the fused {@code moments} compute
 * one {@code [O, P] x [K, P]^T} product per example; the moments add each example's gradient and its
 * square into double sums and drop it, so they hold a few examples' patch matrices (about a million
 * floats) and one example's gradient at a time, never {@code [B, O, C, kh, kw]}. The bias gradient of an example is {@code ct} summed over
 * its positions.
 */
final class Convolution implements Primitive {
  private final int strideH;
  private final int strideW;
  private final int padH;
  private final int padW;

  Convolution(int strideH, int strideW, int padH, int padW) {
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
  }

  @Override
  public String name() {
    return "conv2d";
  }

  private ConvGeometry geometry(Shape x, Shape w) {
    return ConvGeometry.of(name(), x, w, strideH, strideW, padH, padW);
  }

  private ConvGeometry geometry(List<Tensor> in) {
    return geometry(in.get(0).shape(), in.get(1).shape());
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 2 || in.size() == 3, "conv2d takes 2 or 3 inputs (x, weight, bias), got %s", in.size());
    ConvGeometry g = geometry(in.get(0), in.get(1));
    if (in.size() == 3) {
      Shape b = in.get(2);
      checkArgument(
          b.rank() == 1 && b.dim(0) == g.outChannels(),
          "conv2d: bias %s does not match the %s output channels of weight %s (input %s)",
          b, g.outChannels(), in.get(1), in.get(0));
    }
    return g.outputShape();
  }

  /**
   * Examples per block of the forward pass and of the input's VJP: their patch matrix, about 1 MB,
   * stays in cache between im2col and the product, where a whole batch's would go to memory.
   */
  private static int blockExamples(ConvGeometry g) {
    return Math.max(1, Math.min(g.batch(), (1 << 18) / Math.max(1, g.positions() * g.patch())));
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    ConvGeometry g = geometry(in);
    int p = g.positions();
    int k = g.patch();
    int o = g.outChannels();
    int block = blockExamples(g);
    float[] x = TensorArrays.data(in.get(0));
    float[] w = TensorArrays.data(in.get(1));
    float[] bias = in.size() == 3 ? TensorArrays.data(in.get(2)) : null;
    float[] cols = ctx.buffers().floats(k * block * p); // im2col writes what the product reads
    float[] yBlock = ctx.buffers().floats(o * block * p);
    float[] y = ctx.buffers().floats(g.batch() * o * p);
    ForwardBlock current = new ForwardBlock(g, x, bias, cols, yBlock, y);
    IntConsumer gather = current::gather;
    IntConsumer scatter = current::scatter;
    for (int first = 0; first < g.batch(); first += block) {
      current.moveTo(first, Math.min(block, g.batch() - first));
      ctx.forEachChunk(current.count, gather);
      ctx.multiply(w, false, cols, false, yBlock, o, current.width, k);
      ctx.forEachChunk(current.count, scatter);
    }
    return TensorArrays.wrap(g.outputShape(), y);
  }

  /**
   * The block of examples {@code [first, first + count)} of a forward pass, side by side in one
   * patch matrix {@code [K, count * P]}: one object per pass, moved from block to block, so that a
   * block costs no lambdas capturing its bounds (a batch has many blocks).
   */
  private static final class ForwardBlock {
    private final ConvGeometry g;
    private final float[] x;
    private final float[] bias;
    private final float[] cols;
    private final float[] yBlock;
    private final float[] y;
    private int first;
    private int count;
    private int width;

    ForwardBlock(ConvGeometry g, float[] x, float[] bias, float[] cols, float[] yBlock, float[] y) {
      this.g = g;
      this.x = x;
      this.bias = bias;
      this.cols = cols;
      this.yBlock = yBlock;
      this.y = y;
    }

    void moveTo(int first, int count) {
      this.first = first;
      this.count = count;
      this.width = count * g.positions();
    }

    /** Example {@code j} of the block into its columns of the patch matrix. */
    void gather(int j) {
      int p = g.positions();
      g.im2col(x, first + j, cols, j * p, width);
    }

    /** Example {@code j}'s output from {@code yBlock [O, count * P]}, where its channel c is the run at c * width + j * p. */
    void scatter(int j) {
      int p = g.positions();
      int o = g.outChannels();
      for (int c = 0; c < o; c++) {
        float add = bias == null ? 0f : bias[c];
        int to = ((first + j) * o + c) * p;
        int from = c * width + j * p;
        for (int q = 0; q < p; q++) {
          y[to + q] = yBlock[from + q] + add;
        }
      }
    }
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    ConvGeometry g = geometry(in);
    if (index == 2) {
      return TensorArrays.wrap(in.get(2).shape(), biasGradient(TensorArrays.data(ct), g, ctx));
    }
    if (index == 1) {
      return weightGradient(g, in, ct, ctx);
    }
    int p = g.positions();
    int k = g.patch();
    int o = g.outChannels();
    int block = blockExamples(g);
    float[] c = TensorArrays.data(ct);
    float[] w = TensorArrays.data(in.get(1));
    float[] ctBlock = ctx.buffers().floats(o * block * p);
    float[] dcols = ctx.buffers().floats(k * block * p);
    float[] dx = ctx.buffers().zeros(g.batch() * g.inputSize());
    InputCotangentBlock current = new InputCotangentBlock(g, c, ctBlock, dcols, dx);
    IntConsumer addBack = current::addBack;
    IntConsumer gather = current::gather;
    for (int first = 0; first < g.batch(); first += block) {
      int count = Math.min(block, g.batch() - first);
      int width = count * p;
      current.moveTo(first, width);
      ctx.forEachChunk(count, gather);
      ctx.multiply(w, true, ctBlock, false, dcols, k, width, o);
      ctx.forEachChunk(count, addBack);
    }
    return TensorArrays.wrap(in.get(0).shape(), dx);
  }

  /**
   * The block of examples from {@code first} of the input's VJP: their output cotangents gathered
   * side by side into {@code ctBlock [O, width]}, and their patch-matrix cotangents, side by side in
   * {@code dcols [K, width]}, added back into the images; one object per pass, moved from block to
   * block (see {@link ForwardBlock}).
   */
  private static final class InputCotangentBlock {
    private final ConvGeometry g;
    private final float[] ct;
    private final float[] ctBlock;
    private final float[] dcols;
    private final float[] dx;
    private int first;
    private int width;

    InputCotangentBlock(ConvGeometry g, float[] ct, float[] ctBlock, float[] dcols, float[] dx) {
      this.g = g;
      this.ct = ct;
      this.ctBlock = ctBlock;
      this.dcols = dcols;
      this.dx = dx;
    }

    void moveTo(int first, int width) {
      this.first = first;
      this.width = width;
    }

    /** Example {@code j}'s output cotangent into its columns of {@code ctBlock [O, width]}. */
    void gather(int j) {
      int p = g.positions();
      int o = g.outChannels();
      for (int ch = 0; ch < o; ch++) {
        System.arraycopy(ct, ((first + j) * o + ch) * p, ctBlock, ch * width + j * p, p);
      }
    }

    /** Adds example {@code j} of the block back into its image's cotangent. */
    void addBack(int j) {
      g.col2imAdd(dcols, j * g.positions(), width, dx, first + j);
    }
  }

  private static Tensor weightGradient(ConvGeometry g, List<Tensor> in, Tensor ct, ExecutionContext ctx) {
    // sum_n ct_n cols_n^T, one example at a time: the per-example rule's products, and ct_n is
    // already contiguous (one product over the batch would first rearrange ct to [O, B*P])
    float[] dw = ctx.buffers().zeros(g.outChannels() * g.patch());
    new ExampleWeightGradients(g, TensorArrays.data(in.get(0)), TensorArrays.data(ct), ctx)
        .forEach((n, gradient) -> {
          for (int j = 0; j < dw.length; j++) {
            dw[j] += gradient[j];
          }
        });
    return TensorArrays.wrap(in.get(1).shape(), dw);
  }

  /** {@code sum_{n, p} ct[n, o, p]} for every output channel {@code o}. */
  private static float[] biasGradient(float[] ct, ConvGeometry g, ExecutionContext ctx) {
    float[] perExample = perExampleBiasGradients(ct, g, ctx.buffers().floats(g.batch() * g.outChannels()), ctx);
    int o = g.outChannels();
    float[] db = ctx.buffers().zeros(o);
    for (int n = 0; n < g.batch(); n++) {
      for (int c = 0; c < o; c++) {
        db[c] += perExample[n * o + c];
      }
    }
    return db;
  }

  /**
   * Writes {@code ct[n, o, :]} summed over the positions (in double) to every element {@code
   * sums[n*O + o]}, one example's rows per chunk on the threads of {@code ctx}; returns {@code sums}.
   */
  private static float[] perExampleBiasGradients(float[] ct, ConvGeometry g, float[] sums, ExecutionContext ctx) {
    int p = g.positions();
    int o = g.outChannels();
    ctx.forEachChunk(g.batch(), n -> {
      for (int row = n * o; row < (n + 1) * o; row++) {
        double s = 0;
        for (int q = row * p, end = q + p; q < end; q++) {
          s += ct[q];
        }
        sums[row] = (float) s;
      }
    });
    return sums;
  }

  @Override
  public PerExampleRule perExampleRule() {
    return new PerExampleRule() {
      @Override
      public Tensor perExampleVjp(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, Tensor out, ExecutionContext ctx) {
        ConvGeometry g = geometry(in);
        if (index == 2) {
          return TensorArrays.wrap(
              in.get(2).shape().prepend(g.batch()),
              perExampleBiasGradients(TensorArrays.data(ct), g, new float[g.batch() * g.outChannels()], ctx));
        }
        checkArgument(index == 1, "conv2d: input %s is mapped; it has no per-example cotangent", index);
        int size = g.outChannels() * g.patch();
        float[] all = new float[g.batch() * size];
        new ExampleWeightGradients(g, TensorArrays.data(in.get(0)), TensorArrays.data(ct), ctx)
            .forEach((n, gradient) -> System.arraycopy(gradient, 0, all, n * size, size));
        return TensorArrays.wrap(in.get(1).shape().prepend(g.batch()), all);
      }

      @Override
      public Optional<Moments> moments(
          Primitive op, int index, Tensor ct, List<Tensor> in, boolean[] mapped, ExecutionContext ctx) {
        ConvGeometry g = geometry(in);
        Shape shape = in.get(index).shape();
        if (index == 2) {
          float[] perExample =
              perExampleBiasGradients(TensorArrays.data(ct), g, ctx.buffers().floats(g.batch() * g.outChannels()), ctx);
          return Optional.of(momentsOf(g.batch(), shape, ctx, sums -> {
            for (int n = 0; n < g.batch(); n++) {
              sums.add(perExample, n * g.outChannels());
            }
          }));
        }
        if (index != 1) {
          return Optional.empty();
        }
        ExampleWeightGradients gradients =
            new ExampleWeightGradients(g, TensorArrays.data(in.get(0)), TensorArrays.data(ct), ctx);
        return Optional.of(momentsOf(g.batch(), shape, ctx, sums -> gradients.forEach((n, gradient) -> sums.add(gradient, 0))));
      }
    };
  }

  /** Sum and sum of squares in double, for one parameter, over examples added one at a time. */
  private static final class DoubleSums {
    final double[] sum;
    final double[] sumOfSquares;

    DoubleSums(int size) {
      sum = new double[size];
      sumOfSquares = new double[size];
    }

    /** Adds one example's gradient, {@code values[at, at + size)}. */
    void add(float[] values, int at) {
      for (int j = 0; j < sum.length; j++) {
        double v = values[at + j];
        sum[j] += v;
        sumOfSquares[j] += v * v;
      }
    }
  }

  /**
   * The {@link Moments} contract holds float sums: the sums are formed in double and rounded once,
   * which is at least as accurate as the float sums of the Dense identity that the accumulator's
   * rounding bound is written for.
   */
  private static Moments momentsOf(
      int examples, Shape shape, ExecutionContext ctx, java.util.function.Consumer<DoubleSums> addAll) {
    DoubleSums sums = new DoubleSums(shape.size());
    addAll.accept(sums);
    float[] sum = ctx.buffers().floats(shape.size());
    float[] sumOfSquares = ctx.buffers().floats(shape.size());
    for (int j = 0; j < sum.length; j++) {
      sum[j] = (float) sums.sum[j];
      sumOfSquares[j] = (float) sums.sumOfSquares[j];
    }
    return new Moments(examples, TensorArrays.wrap(shape, sum), TensorArrays.wrap(shape, sumOfSquares));
  }

  /**
   * Example {@code n}'s weight gradient {@code ct_n [O, P] x cols_n [P, K]}, one example at a time,
   * in a scratch array of one example's size that is reused: the caller reads each gradient before
   * the next is written. The patch matrices and output cotangents of a few examples are gathered
   * first, side by side on the context's threads (each example's into arrays of its own); then
   * their products run one after another on all threads, exactly as one example at a time would.
   */
  private static final class ExampleWeightGradients {
    private final ConvGeometry g;
    private final float[] x;
    private final float[] ct;
    private final ExecutionContext ctx;

    ExampleWeightGradients(ConvGeometry g, float[] x, float[] ct, ExecutionContext ctx) {
      this.g = g;
      this.x = x;
      this.ct = ct;
      this.ctx = ctx;
    }

    interface Sink {
      void accept(int example, float[] gradient);
    }

    /** Examples gathered at once: about a million floats of patches, or the whole batch. */
    private static int examplesPerGather(ConvGeometry g) {
      return Math.max(1, Math.min(g.batch(), (1 << 20) / Math.max(1, g.positions() * g.patch())));
    }

    void forEach(Sink sink) {
      int p = g.positions();
      int k = g.patch();
      int o = g.outChannels();
      int slots = examplesPerGather(g);
      float[][] cols = new float[slots][];
      float[][] cts = new float[slots][];
      for (int slot = 0; slot < slots; slot++) {
        cols[slot] = ctx.buffers().floats(p * k); // im2col writes every element
        cts[slot] = ctx.buffers().floats(o * p);
      }
      float[] gradient = ctx.buffers().floats(o * k); // the kernel overwrites it
      Gather gather = new Gather(cols, cts);
      for (int first = 0; first < g.batch(); first += slots) {
        int count = Math.min(slots, g.batch() - first);
        gather.first = first;
        ctx.forEachChunk(count, gather);
        for (int slot = 0; slot < count; slot++) {
          ctx.multiply(cts[slot], false, cols[slot], true, gradient, o, k, p);
          sink.accept(first + slot, gradient);
        }
      }
    }

    /** Example {@code first + slot}'s patch matrix and output cotangent into the slot's arrays. */
    private final class Gather implements IntConsumer {
      private final float[][] cols;
      private final float[][] cts;
      private int first;

      Gather(float[][] cols, float[][] cts) {
        this.cols = cols;
        this.cts = cts;
      }

      @Override
      public void accept(int slot) {
        int n = first + slot;
        int op = g.outChannels() * g.positions();
        g.im2col(x, n, cols[slot], 0, g.positions());
        System.arraycopy(ct, n * op, cts[slot], 0, op);
      }
    }
  }

  /** Examples may flow through {@code x} only; the weight and bias are shared. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    for (int i = 1; i < in.size(); i++) {
      checkArgument(
          !mapped[i], "conv2d: the %s %s must not carry an example axis (input %s)",
          i == 1 ? "weight" : "bias", in.get(i), in.get(0));
    }
  }

  @Override
  public String toString() {
    return name() + "(stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW + ")";
  }
}
