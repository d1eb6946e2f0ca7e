package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradients and per-example statistics computed in buffers from a {@link BufferSource} have the
 * bits of freshly allocated ones: ops overwrite every element they do not ask to be zeroed (arrays
 * full of NaN would show), and an {@link Arena}'s reused arrays carry nothing from one call into
 * the next.
 */
class BufferSourceTest {
  private static final TestMlp MLP = new TestMlp(20, 16, 12, 5);

  /** A weight used twice, so that cotangents are summed, and a bias. */
  private static final ExampleLoss SHARED_WEIGHT = (p, x, labels) -> {
    Var h = Ops.relu(Ops.biasAdd(Ops.matmul(x, p.get("w")), p.get("b")));
    return Ops.softmaxCrossEntropy(Ops.matmul(Ops.matmul(h, Ops.transpose(p.get("w"))), p.get("out")), labels);
  };

  private static Params sharedWeightParams() {
    SplittableRandom rng = new SplittableRandom(3);
    return Params.builder()
        .put("w", Tensor.normal(Shape.of(20, 16), 0.3f, rng))
        .put("b", Tensor.normal(Shape.of(16), 0.1f, rng))
        .put("out", Tensor.normal(Shape.of(20, 5), 0.3f, rng))
        .build();
  }

  /** One call: a loss with its parameters, inputs and labels. */
  private record Case(ExampleLoss loss, Params params, Tensor x, int[] labels) {}

  /** Three calls with other inputs for each of the two losses, in an order that reuses arrays. */
  private static List<Case> cases(int examples) {
    List<Case> cases = new ArrayList<>();
    for (int call = 0; call < 3; call++) {
      Tensor x = TestMlp.inputs(examples, 20, 100 + call);
      int[] labels = TestMlp.labels(examples, 5, 200 + call);
      cases.add(new Case(MLP.loss(), MLP.init(call), x, labels));
      cases.add(new Case(SHARED_WEIGHT, sharedWeightParams(), x, labels));
    }
    return cases;
  }

  @Test
  void gradientsInBuffersHaveTheBitsOfFreshOnes() {
    Arena arena = new Arena();
    for (Case c : cases(12)) {
      Grad grad = Grad.of(p -> Ops.mean(c.loss().apply(p, Var.constant(c.x()), c.labels())));
      Grad.ValueAndGrad expected = grad.valueAndGrad(c.params());
      Grad.ValueAndGrad nan = grad.withContext(ExecutionContext.defaults().withBuffers(BufferSource.filledWith(Float.NaN))).valueAndGrad(c.params());
      arena.reset();
      Grad.ValueAndGrad reused = grad.withContext(ExecutionContext.defaults().withBuffers(arena)).valueAndGrad(c.params());
      assertThat(nan).isEqualTo(expected);
      assertThat(reused).isEqualTo(expected);
    }
  }

  @Test
  void perExampleStatisticsInBuffersHaveTheBitsOfFreshOnes() {
    Arena arena = new Arena();
    for (Case c : cases(10)) {
      for (int chunk : new int[] {0, 4}) {
        PerExample perExample = PerExample.of(c.loss()).withChunkSize(chunk);
        PerExample.LossAndStats expected = perExample.lossAndGradStats(c.params(), c.x(), c.labels());
        PerExample.LossAndStats nan =
            perExample.withContext(ExecutionContext.defaults().withBuffers(BufferSource.filledWith(Float.NaN))).lossAndGradStats(c.params(), c.x(), c.labels());
        arena.reset();
        PerExample.LossAndStats reused = perExample.withContext(ExecutionContext.defaults().withBuffers(arena)).lossAndGradStats(c.params(), c.x(), c.labels());
        for (PerExample.LossAndStats actual : new PerExample.LossAndStats[] {nan, reused}) {
          assertThat(actual.losses()).isEqualTo(expected.losses());
          assertThat(actual.stats()).isEqualTo(expected.stats());
        }
        assertThat(perExample.withContext(ExecutionContext.defaults().withBuffers(arena)).grad(c.params(), c.x(), c.labels()))
            .isEqualTo(perExample.grad(c.params(), c.x(), c.labels()));
      }
    }
  }

  @Test
  void aRepeatedCallInAnArenaAllocatesNoNewArrays() {
    Arena arena = new Arena();
    Params params = MLP.init(7);
    PerExample perExample = PerExample.of(MLP.loss()).withContext(ExecutionContext.defaults().withBuffers(arena));
    Grad grad = Grad.of(p -> Ops.mean(MLP.loss().apply(p, Var.constant(TestMlp.inputs(8, 20, 1)), new int[8])))
        .withContext(ExecutionContext.defaults().withBuffers(arena));
    perExample.lossAndGradStats(params, TestMlp.inputs(8, 20, 1), TestMlp.labels(8, 5, 1)).stats();
    grad.apply(params);
    long first = arena.allocations();
    for (int call = 0; call < 3; call++) {
      arena.reset();
      perExample.lossAndGradStats(params, TestMlp.inputs(8, 20, 2 + call), TestMlp.labels(8, 5, 2 + call)).stats();
      grad.apply(params);
    }
    assertThat(arena.allocations()).isEqualTo(first);
  }
}
