package dev.sngrad.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.check.WrongSin;
import dev.sngrad.autodiff.op.AxisReduction;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The harness, the gradient assertions and the oracle pass correct code and catch wrong code. */
class HarnessCatchesWrongOpsTest {
  private static final OpCase TANH = OpCase.of("tanh", "tanh", (in, l) -> Ops.tanh(in.get(0)), Shape.of(3, 4));
  private static final OpCase MATMUL = OpCase.of("matmul", "matmul", (in, l) -> Ops.matmul(in.get(0), in.get(1)),
      Shape.of(3, 5), Shape.of(5, 4)).withBadShapes(Shape.of(3, 5), Shape.of(4, 5));

  /** How a user runs the harness on their own table. */
  @TestFactory
  Stream<DynamicTest> correctOpsPassEveryCheck() {
    return OpHarness.dynamicTests(List.of(TANH, MATMUL,
        OpCase.of("sum", "sum", (in, l) -> Ops.sum(in.get(0), 0), Shape.of(3, 4)).mixingExamples()));
  }

  @Test
  void aWrongDerivativeFailsTheVjpCheckNamingTheCase() {
    OpCase wrong = OpCase.of("wrongSin", "wrong_sin", (in, l) -> Ops.apply(new WrongSin(), in.get(0)), Shape.of(3, 4));
    assertThatThrownBy(() -> OpHarness.checkVjp(wrong))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("wrongSin[[3, 4]]")
        .hasMessageContaining("FAILED");
    assertThatThrownBy(() -> GradientAssertions.assertGradientMatchesFiniteDifferencesElementwise("wrong sin",
        p -> Ops.apply(new WrongSin(), p.get("x")),
        Params.builder().put("x", Tensor.normal(Shape.of(2, 2), 1f, new SplittableRandom(1))).build(),
        GradCheck.Options.defaults()))
        .hasMessageContaining("wrong sin")
        .hasMessageContaining("x[");
  }

  @Test
  void anOpThatMixesExamplesUnnoticedFailsThePerExampleCheck() {
    // sum over axis 0 reduces the example axis; a case that does not declare it must fail
    OpCase undeclared = OpCase.of("sum", "sum", (in, l) -> Ops.sum(in.get(0), 0), Shape.of(3, 4));
    assertThatThrownBy(() -> OpHarness.checkPerExample(undeclared)).isInstanceOf(IllegalArgumentException.class);
    // and a case that declares mixing for an op that does not mix must fail too
    assertThatThrownBy(() -> OpHarness.checkPerExample(TANH.mixingExamples())).isInstanceOf(AssertionError.class);
  }

  /** A sum over axis 0 whose refusal does not say which op refuses. */
  private static final class AnonymousBatchSum extends AxisReduction {
    AnonymousBatchSum() {
      super(0);
    }

    @Override
    public String name() {
      return "anonymous_batch_sum";
    }

    @Override
    protected double reduceLine(float[] x, int start, int length, int stride) {
      double sum = 0;
      for (int j = 0; j < length; j++) {
        sum += x[start + j * stride];
      }
      return sum;
    }

    @Override
    public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
      return Tensor.of(in.get(0).shape(), spread(ct, in.get(0).shape()));
    }

    @Override
    public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
      checkArgument(!mapped[0], "the example axis cannot be reduced");
    }
  }

  @Test
  void aRefusalThatDoesNotNameItsOpFailsThePerExampleCheck() {
    OpCase anonymous = OpCase.of("batchSum", "anonymous_batch_sum",
        (in, l) -> Ops.apply(new AnonymousBatchSum(), in.get(0)), Shape.of(3, 4)).mixingExamples();
    assertThatThrownBy(() -> OpHarness.checkPerExample(anonymous))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the example axis cannot be reduced");
  }

  @Test
  void acceptedBadShapesFailTheShapeCheck() {
    OpCase lenient = TANH.withBadShapes(Shape.of(7));
    assertThatThrownBy(() -> OpHarness.checkBadShapes(lenient)).isInstanceOf(AssertionError.class);
    assertThatCode(() -> OpHarness.checkBadShapes(MATMUL)).doesNotThrowAnyException();
  }

  @Test
  void missingFactoriesAreListed() {
    assertThat(OpHarness.factoriesWithoutCase(Ops.class, List.of(TANH, MATMUL), Set.of("apply")))
        .contains("relu", "softmax")
        .doesNotContain("tanh", "matmul", "apply");
  }

  @Test
  void theOracleCatchesATransformOfAnotherLoss() {
    ExampleLoss loss = (p, x, labels) -> Ops.softmaxCrossEntropy(Ops.matmul(x, p.get("w")), labels);
    ExampleLoss doubled = (p, x, labels) -> Ops.mulScalar(loss.apply(p, x, labels), 2f);
    SplittableRandom rng = new SplittableRandom(5);
    Params params = Params.builder().put("w", Tensor.normal(Shape.of(4, 3), 1f, rng)).build();
    Tensor x = Tensor.normal(Shape.of(6, 4), 1f, rng);
    int[] labels = {0, 1, 2, 0, 1, 2};
    assertThatCode(() -> PerExampleOracle.of(loss).checking(PerExample.of(loss).withChunkSize(4))
        .assertGradMatchesLoop(params, x, labels, 1e-5)
        .assertGradStatsMatchNaive(params, x, labels, 1e-5, 1e-4)).doesNotThrowAnyException();
    PerExampleOracle wrong = PerExampleOracle.of(loss).checking(PerExample.of(doubled));
    assertThatThrownBy(() -> wrong.assertGradMatchesLoop(params, x, labels, 1e-5))
        .hasMessageContaining("per-example gradients")
        .hasMessageContaining("'w'")
        .hasMessageContaining("shape [6, 4, 3]");
    assertThatThrownBy(() -> wrong.assertGradStatsMatchNaive(params, x, labels, 1e-5, 1e-4))
        .hasMessageContaining("mean of the per-example gradients");
  }

  /** {@code w}'s linear softmax loss with example {@code k} of the batch weighted by {@code 1 + k mod 3}. */
  private static final ExampleLoss WEIGHTED_BY_POSITION = new ExampleLoss() {
    @Override
    public dev.sngrad.autodiff.Var apply(dev.sngrad.autodiff.Vars p, dev.sngrad.autodiff.Var x, int[] labels) {
      return applyFrom(p, x, labels, 0);
    }

    @Override
    public dev.sngrad.autodiff.Var applyFrom(
        dev.sngrad.autodiff.Vars p, dev.sngrad.autodiff.Var x, int[] labels, int firstExample) {
      dev.sngrad.autodiff.Var losses = Ops.softmaxCrossEntropy(Ops.matmul(x, p.get("w")), labels);
      float[] weights = new float[labels.length];
      for (int r = 0; r < weights.length; r++) {
        weights[r] = 1 + (firstExample + r) % 3;
      }
      return Ops.mul(losses, losses.constantAlong(Tensor.of(Shape.of(weights.length), weights)));
    }
  };

  @Test
  void theLoopPassesEachExampleItsPositionInTheBatch() {
    SplittableRandom rng = new SplittableRandom(5);
    Params params = Params.builder().put("w", Tensor.normal(Shape.of(4, 3), 1f, rng)).build();
    Tensor x = Tensor.normal(Shape.of(7, 4), 1f, rng);
    int[] labels = {0, 1, 2, 0, 1, 2, 0};
    for (int chunk : new int[] {0, 1, 3}) {
      assertThatCode(() -> PerExampleOracle.of(WEIGHTED_BY_POSITION)
          .checking(PerExample.of(WEIGHTED_BY_POSITION).withChunkSize(chunk))
          .assertGradMatchesLoop(params, x, labels, 1e-5)
          .assertGradStatsMatchNaive(params, x, labels, 1e-5, 1e-4)).as("chunk %s", chunk).doesNotThrowAnyException();
    }
  }

  @Test
  void naiveStatsAreThePopulationMeanAndVariance() {
    // two examples with gradients 1 and 3: mean 2, population variance 1
    Params perExample = Params.builder().put("b", Tensor.of(new float[] {1, 3}, 2, 1)).build();
    var stats = PerExampleOracle.naiveStats(perExample);
    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.mean().get("b").toArray()).containsExactly(2f);
    assertThat(stats.variance().get("b").toArray()).containsExactly(1f);
  }

  @Test
  void aDirectionCountBelowOneIsRefused() {
    assertThatThrownBy(() -> GradientAssertions.assertVjpMatchesFiniteDifferences("f", p -> p.get("x"),
        Params.builder().put("x", Tensor.vector(1f)).build(), GradCheck.Options.defaults(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }
}
