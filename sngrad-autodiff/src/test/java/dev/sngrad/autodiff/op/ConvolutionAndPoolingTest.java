package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Inference;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code conv2d}, {@code maxPool2d}, {@code avgPool2d} and {@code globalAvgPool} against direct
 * loop nests, forward and VJP, at odd sizes, stride 2, padding 1 and batch 7. The VJP references
 * are the loop nests' own transposes: {@code dx[n, c, ih, iw] += w[o, c, i, j] ct[n, o, oh, ow]}
 * and so on, written from the definitions, not from the im2col code.
 */
class ConvolutionAndPoolingTest {
  private static final SplittableRandom RNG = new SplittableRandom(19);

  private static Tensor random(int... dims) {
    return Tensor.normal(Shape.of(dims), 1f, RNG);
  }

  /** Direct convolution and its VJP, in double, from the definition. */
  private record ReferenceConv(Tensor x, Tensor w, Tensor b, int sh, int sw, int ph, int pw) {
    int outH() {
      return (x.shape().dim(2) + 2 * ph - w.shape().dim(2)) / sh + 1;
    }

    int outW() {
      return (x.shape().dim(3) + 2 * pw - w.shape().dim(3)) / sw + 1;
    }

    /** Calls {@code visit(n, o, oh, ow, c, ih, iw, i, j)} for every product term inside the image. */
    void forEachTerm(TermVisitor visit) {
      Shape xs = x.shape();
      Shape ws = w.shape();
      for (int n = 0; n < xs.dim(0); n++) {
        for (int o = 0; o < ws.dim(0); o++) {
          for (int oh = 0; oh < outH(); oh++) {
            for (int ow = 0; ow < outW(); ow++) {
              for (int c = 0; c < xs.dim(1); c++) {
                for (int i = 0; i < ws.dim(2); i++) {
                  for (int j = 0; j < ws.dim(3); j++) {
                    int ih = oh * sh - ph + i;
                    int iw = ow * sw - pw + j;
                    if (ih >= 0 && ih < xs.dim(2) && iw >= 0 && iw < xs.dim(3)) {
                      visit.term(n, o, oh, ow, c, ih, iw, i, j);
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    Tensor forward() {
      Shape ys = Shape.of(x.shape().dim(0), w.shape().dim(0), outH(), outW());
      double[] y = new double[ys.size()];
      for (int n = 0; n < ys.dim(0); n++) {
        for (int o = 0; o < ys.dim(1); o++) {
          for (int q = 0; q < outH() * outW(); q++) {
            y[(n * ys.dim(1) + o) * outH() * outW() + q] = b == null ? 0 : b.getFlat(o);
          }
        }
      }
      forEachTerm((n, o, oh, ow, c, ih, iw, i, j) ->
          y[ys.flatIndex(n, o, oh, ow)] += (double) w.get(o, c, i, j) * x.get(n, c, ih, iw));
      return toTensor(ys, y);
    }

    /** The cotangents of x, w and b for the output cotangent {@code ct}. */
    Tensor[] vjp(Tensor ct) {
      double[] dx = new double[x.size()];
      double[] dw = new double[w.size()];
      double[] db = new double[w.shape().dim(0)];
      forEachTerm((n, o, oh, ow, c, ih, iw, i, j) -> {
        double g = ct.get(n, o, oh, ow);
        dx[x.shape().flatIndex(n, c, ih, iw)] += g * w.get(o, c, i, j);
        dw[w.shape().flatIndex(o, c, i, j)] += g * x.get(n, c, ih, iw);
      });
      Shape cs = ct.shape();
      for (int n = 0; n < cs.dim(0); n++) {
        for (int o = 0; o < cs.dim(1); o++) {
          for (int oh = 0; oh < cs.dim(2); oh++) {
            for (int ow = 0; ow < cs.dim(3); ow++) {
              db[o] += ct.get(n, o, oh, ow);
            }
          }
        }
      }
      return new Tensor[] {toTensor(x.shape(), dx), toTensor(w.shape(), dw), toTensor(Shape.of(db.length), db)};
    }
  }

  @FunctionalInterface
  private interface TermVisitor {
    void term(int n, int o, int oh, int ow, int c, int ih, int iw, int i, int j);
  }

  private static Tensor toTensor(Shape shape, double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return Tensor.of(shape, f);
  }

  /** The gradients of {@code sum(f(x, w, b) * ct)}, i.e. the VJPs of {@code f} at {@code ct}. */
  private static Params vjpOf(Function<Var[], Var> f, Params at, Tensor ct, ExecutionContext ctx) {
    return Grad.of(p -> {
      Var[] in = at.asMap().keySet().stream().map(p::get).toArray(Var[]::new);
      return Ops.sum(Ops.mul(f.apply(in), Var.constant(ct)));
    }).withContext(ctx).apply(at);
  }

  private static void assertClose(Tensor actual, Tensor expected, String what) {
    assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.getFlat(i)).as("%s element %s", what, i)
          .isCloseTo(expected.getFlat(i), org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(expected.getFlat(i)))));
    }
  }

  private static void checkConvAgainstReference(ReferenceConv ref, ExecutionContext ctx) {
    Function<Var[], Var> f = in -> Ops.conv2d(in[0], in[1], ref.b() == null ? null : in[2], ref.sh(), ref.sw(), ref.ph(), ref.pw());
    Params.Builder pb = Params.builder().put("x", ref.x()).put("w", ref.w());
    if (ref.b() != null) {
      pb.put("b", ref.b());
    }
    Params at = pb.build();
    Tensor expected = ref.forward();
    Var[] constants = at.asMap().values().stream().map(Var::constant).toArray(Var[]::new);
    assertClose(f.apply(constants).value(), expected, "conv2d forward");

    Tensor ct = random(expected.shape().toArray());
    Params grads = vjpOf(f, at, ct, ctx);
    Tensor[] reference = ref.vjp(ct);
    assertClose(grads.get("x"), reference[0], "conv2d x cotangent");
    assertClose(grads.get("w"), reference[1], "conv2d weight cotangent");
    if (ref.b() != null) {
      assertClose(grads.get("b"), reference[2], "conv2d bias cotangent");
    }
  }

  @Test
  void conv2dMatchesLoopNestWithStride2Padding1Batch7() {
    checkConvAgainstReference(
        new ReferenceConv(random(7, 3, 9, 7), random(5, 3, 3, 3), random(5), 2, 2, 1, 1), ExecutionContext.defaults());
  }

  @Test
  void conv2dMatchesLoopNestWithPerAxisOptionsAndNoBias() {
    checkConvAgainstReference(
        new ReferenceConv(random(3, 2, 8, 5), random(4, 2, 3, 2), null, 2, 1, 1, 0), ExecutionContext.defaults());
  }

  @Test
  void conv2dMatchesLoopNestWhenTheBatchSpansSeveralBlocks() {
    // P * K = 576 * 72 = 41,472 floats per example: blocks of 6 examples, the last one partial
    checkConvAgainstReference(
        new ReferenceConv(random(7, 8, 24, 24), random(4, 8, 3, 3), random(4), 1, 1, 1, 1),
        ExecutionContext.threads(2).withBuffers(BufferSource.filledWith(Float.NaN)));
  }

  @Test
  void conv2dWeightGradientMatchesLoopNestWhenItsExamplesAreGatheredInSeveralRounds() {
    // P * K = 576 * 288 = 165,888 floats per example: the weight gradient gathers 6 examples'
    // patches at a time on both threads, then 1; the forward pass runs one example per block
    checkConvAgainstReference(
        new ReferenceConv(random(7, 32, 24, 24), random(3, 32, 3, 3), random(3), 1, 1, 1, 1),
        ExecutionContext.threads(2).withBuffers(BufferSource.filledWith(Float.NaN)));
  }

  @Test
  void conv2dWritesEveryElementOfTheArraysItAsksFor() {
    // buffers filled with NaN expose any element an op forgets to write
    checkConvAgainstReference(
        new ReferenceConv(random(7, 3, 9, 7), random(5, 3, 3, 3), random(5), 2, 2, 1, 1),
        ExecutionContext.threads(2).withBuffers(BufferSource.filledWith(Float.NaN)));
  }

  @Test
  void conv2dRefusesMismatchedShapesNamingBoth() {
    Var x = Var.constant(Tensor.zeros(2, 3, 5, 5));
    assertThatThrownBy(() -> Ops.conv2d(x, Var.constant(Tensor.zeros(4, 2, 3, 3)), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv2d").hasMessageContaining("[2, 3, 5, 5]").hasMessageContaining("[4, 2, 3, 3]");
    assertThatThrownBy(() -> Ops.conv2d(x, Var.constant(Tensor.zeros(4, 3, 7, 7)), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 3, 7, 7]");
    assertThatThrownBy(() -> Ops.conv2d(x, Var.constant(Tensor.zeros(4, 3, 3, 3)), Var.constant(Tensor.zeros(3)), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias [3]");
    assertThatThrownBy(() -> Ops.conv2d(x, Var.constant(Tensor.zeros(4, 3, 3, 3)), null, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
  }

  /** Direct pooling and its VJP: {@code max} picks the first maximum in scan order. */
  private static Tensor[] referencePool(Tensor x, Tensor ct, int k, int s, boolean max) {
    Shape xs = x.shape();
    int outH = (xs.dim(2) - k) / s + 1;
    int outW = (xs.dim(3) - k) / s + 1;
    Shape ys = Shape.of(xs.dim(0), xs.dim(1), outH, outW);
    double[] y = new double[ys.size()];
    double[] dx = new double[xs.size()];
    for (int n = 0; n < xs.dim(0); n++) {
      for (int c = 0; c < xs.dim(1); c++) {
        for (int oh = 0; oh < outH; oh++) {
          for (int ow = 0; ow < outW; ow++) {
            double g = ct.get(n, c, oh, ow);
            int bestH = oh * s;
            int bestW = ow * s;
            double sum = 0;
            for (int i = 0; i < k; i++) {
              for (int j = 0; j < k; j++) {
                float v = x.get(n, c, oh * s + i, ow * s + j);
                sum += v;
                if (v > x.get(n, c, bestH, bestW)) {
                  bestH = oh * s + i;
                  bestW = ow * s + j;
                }
                if (!max) {
                  dx[xs.flatIndex(n, c, oh * s + i, ow * s + j)] += g / (k * k);
                }
              }
            }
            if (max) {
              y[ys.flatIndex(n, c, oh, ow)] = x.get(n, c, bestH, bestW);
              dx[xs.flatIndex(n, c, bestH, bestW)] += g;
            } else {
              y[ys.flatIndex(n, c, oh, ow)] = sum / (k * k);
            }
          }
        }
      }
    }
    return new Tensor[] {toTensor(ys, y), toTensor(xs, dx)};
  }

  private static void checkPool(Tensor x, int k, int s, boolean max) {
    checkPool(x, k, s, max, ExecutionContext.defaults());
  }

  /** Forward and VJP on {@code ctx}'s threads, with every array it gives filled with NaN first. */
  private static void checkPool(Tensor x, int k, int s, boolean max, ExecutionContext ctx) {
    Function<Var[], Var> f = in -> max ? Ops.maxPool2d(in[0], k, s) : Ops.avgPool2d(in[0], k, s);
    ExecutionContext nan = ctx.withBuffers(BufferSource.filledWith(Float.NaN));
    Tensor y = f.apply(new Var[] {Inference.in(nan).constant(x)}).value();
    Tensor ct = random(y.shape().toArray());
    Tensor[] reference = referencePool(x, ct, k, s, max);
    String name = max ? "max_pool2d" : "avg_pool2d";
    assertClose(y, reference[0], name + " forward");
    assertClose(vjpOf(f, Params.builder().put("x", x).build(), ct, nan).get("x"), reference[1], name + " cotangent");
  }

  @Test
  void poolingMatchesLoopNestsWithOddSizesAndStride2() {
    Tensor x = random(7, 3, 9, 7);
    checkPool(x, 3, 2, true);
    checkPool(x, 3, 2, false);
    checkPool(x, 2, 2, true); // the last row and column of an odd size are dropped
    checkPool(x, 2, 1, false); // overlapping windows
  }

  @Test
  void poolingSpreadOverTwoThreadsMatchesLoopNests() {
    // 8 x 8 planes, 256 per chunk: 320 planes are two chunks, one per thread
    Tensor x = random(40, 8, 8, 8);
    ExecutionContext two = ExecutionContext.threads(2);
    checkPool(x, 2, 2, true, two);
    checkPool(x, 3, 1, true, two); // overlapping windows: an element collects from several
    checkPool(x, 2, 1, false, two);
  }

  @Test
  void maxPoolSendsTheGradientOfATieToTheFirstMaximumInScanOrder() {
    // one window [[1, 5], [5, 2]]: both 5s tie; the first in row-major order gets everything
    Tensor x = Tensor.of(Shape.of(1, 1, 2, 2), 1f, 5f, 5f, 2f);
    Params g = Grad.of(p -> Ops.sum(Ops.maxPool2d(p.get("x"), 2, 2))).apply(Params.builder().put("x", x).build());
    assertThat(g.get("x").toArray()).containsExactly(0f, 1f, 0f, 0f);
  }

  @Test
  void poolingRefusesAWindowLargerThanTheImage() {
    Var x = Var.constant(Tensor.zeros(2, 3, 2, 5));
    assertThatThrownBy(() -> Ops.maxPool2d(x, 3, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_pool2d").hasMessageContaining("[2, 3, 2, 5]");
    assertThatThrownBy(() -> Ops.avgPool2d(x, 2, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("avg_pool2d");
  }

  @Test
  void globalAvgPoolIsTheMeanOfEachPlane() {
    Tensor x = random(7, 3, 5, 3);
    Tensor ct = random(7, 3);
    double[] y = new double[21];
    double[] dx = new double[x.size()];
    for (int plane = 0; plane < 21; plane++) {
      for (int q = 0; q < 15; q++) {
        y[plane] += x.getFlat(plane * 15 + q) / 15.0;
        dx[plane * 15 + q] = ct.getFlat(plane) / 15.0;
      }
    }
    Function<Var[], Var> f = in -> Ops.globalAvgPool(in[0]);
    assertClose(f.apply(new Var[] {Var.constant(x)}).value(), toTensor(Shape.of(7, 3), y), "global_avg_pool forward");
    ExecutionContext nan = ExecutionContext.defaults().withBuffers(BufferSource.filledWith(Float.NaN));
    assertClose(vjpOf(f, Params.builder().put("x", x).build(), ct, nan).get("x"), toTensor(x.shape(), dx),
        "global_avg_pool cotangent");
    assertThatThrownBy(() -> Ops.globalAvgPool(Var.constant(Tensor.zeros(2, 3))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("global_avg_pool").hasMessageContaining("[2, 3]");
  }
}
