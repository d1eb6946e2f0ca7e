package dev.sngrad.autodiff;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.testkit.InputDomain;
import dev.sngrad.testkit.OpCase;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One table of every op in {@link Ops} (JAX's {@code LAX_GRAD_OPS}), as testkit {@link OpCase}s:
 * how to call it, inputs it is differentiable at, which inputs carry the example axis in the
 * per-example oracle, and shapes it must refuse. {@code OpCatalogTest} runs every check of the
 * testkit's {@code OpHarness} on every entry, and fails when an {@code Ops} factory has no entry.
 */
final class OpCatalog {
  private OpCatalog() {}

  private static Shape s(int... dims) {
    return Shape.of(dims);
  }

  /** Every entry of the table sees these labels (3 examples, classes below 5). */
  private static OpCase entry(String factory, String opName, OpCase.OpFunction f, Shape... shapes) {
    return OpCase.of(factory, opName, f, shapes).withLabels(2, 0, 3);
  }

  private static OpCase unary(String factory, String opName, Function<Var, Var> f, InputDomain domain) {
    return entry(factory, opName, (in, labels) -> f.apply(in.get(0)), s(3, 4)).withDomain(domain);
  }

  private static OpCase binary(String factory, String opName, BiFunction<Var, Var, Var> f, InputDomain domain) {
    return entry(factory, opName, (in, labels) -> f.apply(in.get(0), in.get(1)), s(3, 2, 4), s(4))
        .withDomain(domain).withBadShapes(s(3, 4), s(3));
  }

  static final List<OpCase> ENTRIES = List.of(
      binary("add", "add", Ops::add, InputDomain.ANY),
      binary("sub", "sub", Ops::sub, InputDomain.ANY),
      binary("mul", "mul", Ops::mul, InputDomain.ANY),
      binary("div", "div", Ops::div, InputDomain.POSITIVE),
      entry("add", "add", (in, l) -> Ops.add(in.get(0), in.get(1)), s(3, 4), s(3, 4)).withBadShapes(s(3, 4), s(4, 3)),
      unary("neg", "neg", Ops::neg, InputDomain.ANY),
      unary("addScalar", "add_scalar", x -> Ops.addScalar(x, 1.5f), InputDomain.ANY),
      unary("mulScalar", "mul_scalar", x -> Ops.mulScalar(x, -2.5f), InputDomain.ANY),
      unary("exp", "exp", Ops::exp, InputDomain.ANY),
      unary("log", "log", Ops::log, InputDomain.POSITIVE),
      unary("tanh", "tanh", Ops::tanh, InputDomain.ANY),
      unary("relu", "relu", Ops::relu, InputDomain.AWAY_FROM_ZERO),
      unary("sigmoid", "sigmoid", Ops::sigmoid, InputDomain.ANY),
      unary("square", "square", Ops::square, InputDomain.ANY),
      unary("sqrt", "sqrt", Ops::sqrt, InputDomain.POSITIVE),
      entry("matmul", "matmul", (in, l) -> Ops.matmul(in.get(0), in.get(1)), s(3, 5), s(5, 4)).withBadShapes(s(3, 5), s(4, 5)),
      entry("matmul", "matmul", (in, l) -> Ops.matmul(in.get(0), in.get(1)), s(3, 2, 5), s(5, 4)).withBadShapes(s(3, 2, 5), s(2, 4)),
      entry("transpose", "transpose", (in, l) -> Ops.transpose(in.get(0)), s(3, 4)).mixingExamples().withBadShapes(s(2, 3, 4)),
      entry("reshape", "reshape", (in, l) -> Ops.reshape(in.get(0), in.get(0).shape().dim(0), 2, 2), s(3, 4)).withBadShapes(s(3, 5)),
      entry("reshape", "reshape", (in, l) -> Ops.reshape(in.get(0), 12), s(3, 4)).mixingExamples(),
      entry("biasAdd", "bias_add", (in, l) -> Ops.biasAdd(in.get(0), in.get(1)), s(3, 4), s(4)).withBadShapes(s(3, 4), s(3)),
      entry("biasAdd", "bias_add", (in, l) -> Ops.biasAdd(in.get(0), in.get(1)), s(3, 2, 4), s(4)).withBadShapes(s(3, 2, 4), s(2, 4)),
      entry("sum", "sum", (in, l) -> Ops.sum(in.get(0), 1), s(3, 4, 2)).withBadShapes(s(3)),
      entry("sum", "sum", (in, l) -> Ops.sum(in.get(0), 0), s(3, 4)).mixingExamples(),
      entry("sum", "sum_all", (in, l) -> Ops.sum(in.get(0)), s(3, 4)).mixingExamples(),
      entry("mean", "mean", (in, l) -> Ops.mean(in.get(0), -1), s(3, 4)).withBadShapes(s()),
      entry("mean", "mean_all", (in, l) -> Ops.mean(in.get(0)), s(3, 4)).mixingExamples(),
      entry("max", "max", (in, l) -> Ops.max(in.get(0), 1), s(3, 4)).withDomain(InputDomain.DISTINCT).withBadShapes(s(4)),
      entry("max", "max", (in, l) -> Ops.max(in.get(0), 0), s(3, 4)).withDomain(InputDomain.DISTINCT).mixingExamples(),
      entry("logSumExp", "logsumexp", (in, l) -> Ops.logSumExp(in.get(0), 1), s(3, 4)).withBadShapes(s(4)),
      entry("softmax", "softmax", (in, l) -> Ops.softmax(in.get(0), -1), s(3, 4)).withBadShapes(s()),
      entry("softmaxCrossEntropy", "softmax_cross_entropy", (in, l) -> Ops.softmaxCrossEntropy(in.get(0), l), s(3, 5)).withBadShapes(s(2, 5)),
      entry("meanSoftmaxCrossEntropy", "softmax_cross_entropy", (in, l) -> Ops.meanSoftmaxCrossEntropy(in.get(0), l), s(3, 5)).mixingExamples().withBadShapes(s(3)),
      norm("layerNorm", "layer_norm", (in, l) -> Ops.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5), s(3, 4, 5), s(4, 5)).withBadShapes(s(3, 4, 5), s(5, 4), s(5, 4)),
      norm("layerNorm", "layer_norm", (in, l) -> Ops.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5), s(3, 2, 5), s(5)).withBadShapes(s(3, 2, 5), s(5), s(2)),
      norm("layerNorm", "layer_norm", (in, l) -> Ops.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5), s(3, 4), s(3, 4)).mixingExamples(),
      norm("groupNorm", "group_norm", (in, l) -> Ops.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5), s(3, 4, 2, 3), s(4)).withBadShapes(s(3, 4, 2, 3), s(3), s(4)),
      norm("groupNorm", "group_norm", (in, l) -> Ops.groupNorm(in.get(0), 1, in.get(1), in.get(2), 1e-5), s(3, 4, 3), s(4)),
      norm("groupNorm", "group_norm", (in, l) -> Ops.groupNorm(in.get(0), 3, in.get(1), in.get(2), 1e-5), s(3, 6, 5), s(6)).withBadShapes(s(3, 6, 5), s(6), s(5)),
      entry("conv2d", "conv2d", (in, l) -> Ops.conv2d(in.get(0), in.get(1), in.get(2), 2, 1), s(3, 2, 5, 4), s(4, 2, 3, 3), s(4))
          .withBadShapes(s(3, 2, 5, 4), s(4, 2, 3, 3), s(3)),
      entry("conv2d", "conv2d", (in, l) -> Ops.conv2d(in.get(0), in.get(1), null, 2, 1, 1, 0), s(3, 2, 5, 5), s(3, 2, 3, 2))
          .withBadShapes(s(3, 2, 5), s(3, 2, 3, 2)),
      entry("maxPool2d", "max_pool2d", (in, l) -> Ops.maxPool2d(in.get(0), 3, 2), s(3, 2, 5, 6)).withDomain(InputDomain.DISTINCT)
          .withBadShapes(s(3, 2, 2, 6)),
      entry("avgPool2d", "avg_pool2d", (in, l) -> Ops.avgPool2d(in.get(0), 2, 1), s(3, 2, 5, 4)).withBadShapes(s(3, 4)),
      entry("globalAvgPool", "global_avg_pool", (in, l) -> Ops.globalAvgPool(in.get(0)), s(3, 2, 3, 5)).withBadShapes(s(3, 4)));

  /** A normalization of {@code x} with {@code gamma} and {@code beta} of one shape. */
  private static OpCase norm(String factory, String opName, OpCase.OpFunction f, Shape x, Shape affine) {
    return entry(factory, opName, f, x, affine, affine);
  }
}
