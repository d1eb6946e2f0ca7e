package dev.sngrad.autodiff;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * One table of every op in {@link Ops} (JAX's {@code LAX_GRAD_OPS}): how to call it, inputs it is
 * differentiable at, which inputs carry the example axis in the per-example oracle, and shapes it
 * must refuse. {@code OpCatalogTest} runs every check on every entry, and fails when an {@code Ops}
 * factory has no entry.
 */
final class OpCatalog {
  private OpCatalog() {}

  /** How input values are drawn. */
  enum Domain {
    /** Standard normal. */
    ANY,
    /** Uniform in [0.5, 2]: log, sqrt, division. */
    POSITIVE,
    /** Normal, pushed at least 0.1 away from 0: the kink of relu. */
    AWAY_FROM_ZERO,
    /** A random permutation of well-separated values: max has no ties. */
    DISTINCT
  }

  /**
   * An entry. {@code factory} is the {@code Ops} method the entry covers. {@code shapes} are the
   * input shapes; in the per-example oracle axis 0 of input 0, and of every input of the same
   * shape, indexes examples, and every other input is a shared parameter, unless {@code
   * mixesExamples} says the op must refuse that.
   * {@code badShapes} must be refused naming the op and every shape (null: no shape can be wrong).
   */
  record Entry(
      String factory,
      String opName,
      BiFunction<List<Var>, int[], Var> apply,
      List<Shape> shapes,
      Domain domain,
      boolean mixesExamples,
      List<Shape> badShapes,
      double relativeTolerance) {

    List<Tensor> draw(SplittableRandom rng) {
      return shapes.stream().map(s -> draw(s, rng)).toList();
    }

    Tensor draw(Shape s, SplittableRandom rng) {
      float[] v = new float[s.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = switch (domain) {
          case ANY -> (float) gaussian(rng);
          case POSITIVE -> (float) rng.nextDouble(0.5, 2.0);
          case AWAY_FROM_ZERO -> {
            double g = gaussian(rng);
            yield (float) (g + Math.copySign(0.1, g));
          }
          case DISTINCT -> 0.3f * i;
        };
      }
      if (domain == Domain.DISTINCT) {
        for (int i = v.length - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          float t = v[i];
          v[i] = v[j];
          v[j] = t;
        }
      }
      return Tensor.wrap(s, v);
    }

    @Override
    public String toString() {
      return factory + shapes;
    }
  }

  private static double gaussian(SplittableRandom rng) {
    return Tensor.normal(Shape.scalar(), 1f, rng).item();
  }

  private static Shape s(int... dims) {
    return Shape.of(dims);
  }

  private static Entry unary(String factory, String opName, java.util.function.Function<Var, Var> f, Domain domain) {
    return new Entry(factory, opName, (in, labels) -> f.apply(in.get(0)), List.of(s(3, 4)), domain, false, null, 1e-2);
  }

  private static Entry binary(String factory, String opName, BiFunction<Var, Var, Var> f, Domain domain) {
    return new Entry(factory, opName, (in, labels) -> f.apply(in.get(0), in.get(1)),
        List.of(s(3, 2, 4), s(4)), domain, false, List.of(s(3, 4), s(3)), 1e-2);
  }

  static final int[] LABELS = {2, 0, 3};

  static final List<Entry> ENTRIES = List.of(
      binary("add", "add", Ops::add, Domain.ANY),
      binary("sub", "sub", Ops::sub, Domain.ANY),
      binary("mul", "mul", Ops::mul, Domain.ANY),
      binary("div", "div", Ops::div, Domain.POSITIVE),
      new Entry("add", "add", (in, l) -> Ops.add(in.get(0), in.get(1)),
          List.of(s(3, 4), s(3, 4)), Domain.ANY, false, List.of(s(3, 4), s(4, 3)), 1e-2),
      unary("neg", "neg", Ops::neg, Domain.ANY),
      unary("addScalar", "add_scalar", x -> Ops.addScalar(x, 1.5f), Domain.ANY),
      unary("mulScalar", "mul_scalar", x -> Ops.mulScalar(x, -2.5f), Domain.ANY),
      unary("exp", "exp", Ops::exp, Domain.ANY),
      unary("log", "log", Ops::log, Domain.POSITIVE),
      unary("tanh", "tanh", Ops::tanh, Domain.ANY),
      unary("relu", "relu", Ops::relu, Domain.AWAY_FROM_ZERO),
      unary("sigmoid", "sigmoid", Ops::sigmoid, Domain.ANY),
      unary("square", "square", Ops::square, Domain.ANY),
      unary("sqrt", "sqrt", Ops::sqrt, Domain.POSITIVE),
      new Entry("matmul", "matmul", (in, l) -> Ops.matmul(in.get(0), in.get(1)),
          List.of(s(3, 5), s(5, 4)), Domain.ANY, false, List.of(s(3, 5), s(4, 5)), 1e-2),
      new Entry("matmul", "matmul", (in, l) -> Ops.matmul(in.get(0), in.get(1)),
          List.of(s(3, 2, 5), s(5, 4)), Domain.ANY, false, List.of(s(3, 2, 5), s(2, 4)), 1e-2),
      new Entry("transpose", "transpose", (in, l) -> Ops.transpose(in.get(0)),
          List.of(s(3, 4)), Domain.ANY, true, List.of(s(2, 3, 4)), 1e-2),
      new Entry("reshape", "reshape", (in, l) -> Ops.reshape(in.get(0), in.get(0).shape().dim(0), 2, 2),
          List.of(s(3, 4)), Domain.ANY, false, List.of(s(3, 5)), 1e-2),
      new Entry("reshape", "reshape", (in, l) -> Ops.reshape(in.get(0), 12),
          List.of(s(3, 4)), Domain.ANY, true, null, 1e-2),
      new Entry("biasAdd", "bias_add", (in, l) -> Ops.biasAdd(in.get(0), in.get(1)),
          List.of(s(3, 4), s(4)), Domain.ANY, false, List.of(s(3, 4), s(3)), 1e-2),
      new Entry("biasAdd", "bias_add", (in, l) -> Ops.biasAdd(in.get(0), in.get(1)),
          List.of(s(3, 2, 4), s(4)), Domain.ANY, false, List.of(s(3, 2, 4), s(2, 4)), 1e-2),
      new Entry("sum", "sum", (in, l) -> Ops.sum(in.get(0), 1), List.of(s(3, 4, 2)), Domain.ANY, false,
          List.of(s(3)), 1e-2),
      new Entry("sum", "sum", (in, l) -> Ops.sum(in.get(0), 0), List.of(s(3, 4)), Domain.ANY, true, null, 1e-2),
      new Entry("sum", "sum_all", (in, l) -> Ops.sum(in.get(0)), List.of(s(3, 4)), Domain.ANY, true, null, 1e-2),
      new Entry("mean", "mean", (in, l) -> Ops.mean(in.get(0), -1), List.of(s(3, 4)), Domain.ANY, false,
          List.of(s()), 1e-2),
      new Entry("mean", "mean_all", (in, l) -> Ops.mean(in.get(0)), List.of(s(3, 4)), Domain.ANY, true, null, 1e-2),
      new Entry("max", "max", (in, l) -> Ops.max(in.get(0), 1), List.of(s(3, 4)), Domain.DISTINCT, false,
          List.of(s(4)), 1e-2),
      new Entry("max", "max", (in, l) -> Ops.max(in.get(0), 0), List.of(s(3, 4)), Domain.DISTINCT, true, null, 1e-2),
      new Entry("logSumExp", "logsumexp", (in, l) -> Ops.logSumExp(in.get(0), 1), List.of(s(3, 4)), Domain.ANY,
          false, List.of(s(4)), 1e-2),
      new Entry("softmax", "softmax", (in, l) -> Ops.softmax(in.get(0), -1), List.of(s(3, 4)), Domain.ANY,
          false, List.of(s()), 1e-2),
      new Entry("softmaxCrossEntropy", "softmax_cross_entropy",
          (in, l) -> Ops.softmaxCrossEntropy(in.get(0), l), List.of(s(3, 5)), Domain.ANY, false,
          List.of(s(2, 5)), 1e-2),
      new Entry("meanSoftmaxCrossEntropy", "softmax_cross_entropy",
          (in, l) -> Ops.meanSoftmaxCrossEntropy(in.get(0), l), List.of(s(3, 5)), Domain.ANY, true,
          List.of(s(3)), 1e-2));
}
