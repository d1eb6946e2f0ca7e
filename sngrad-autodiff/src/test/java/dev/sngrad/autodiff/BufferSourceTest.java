package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
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

  @Test
  void gradientsInBuffersHaveTheBitsOfFreshOnes() {
    Arena arena = new Arena();
    for (int call = 0; call < 3; call++) {
      Tensor x = TestMlp.inputs(12, 20, 100 + call);
      int[] labels = TestMlp.labels(12, 5, 200 + call);
      for (ExampleLoss loss : new ExampleLoss[] {MLP.loss(), SHARED_WEIGHT}) {
        Params params = loss == SHARED_WEIGHT ? sharedWeightParams() : MLP.init(call);
        Grad grad = Grad.of(p -> Ops.mean(loss.apply(p, Var.constant(x), labels)));
        Grad.ValueAndGrad expected = grad.valueAndGrad(params);
        Grad.ValueAndGrad nan = grad.withBuffers(BufferSource.filledWith(Float.NaN)).valueAndGrad(params);
        arena.reset();
        Grad.ValueAndGrad reused = grad.withBuffers(arena).valueAndGrad(params);
        assertThat(nan).isEqualTo(expected);
        assertThat(reused).isEqualTo(expected);
      }
    }
  }

  @Test
  void perExampleStatisticsInBuffersHaveTheBitsOfFreshOnes() {
    Arena arena = new Arena();
    for (int call = 0; call < 3; call++) {
      Tensor x = TestMlp.inputs(10, 20, 300 + call);
      int[] labels = TestMlp.labels(10, 5, 400 + call);
      for (ExampleLoss loss : new ExampleLoss[] {MLP.loss(), SHARED_WEIGHT}) {
        Params params = loss == SHARED_WEIGHT ? sharedWeightParams() : MLP.init(call);
        for (int chunk : new int[] {0, 4}) {
          PerExample perExample = PerExample.of(loss).withChunkSize(chunk);
          PerExample.LossAndStats expected = perExample.lossAndGradStats(params, x, labels);
          PerExample.LossAndStats nan =
              perExample.withBuffers(BufferSource.filledWith(Float.NaN)).lossAndGradStats(params, x, labels);
          arena.reset();
          PerExample.LossAndStats reused = perExample.withBuffers(arena).lossAndGradStats(params, x, labels);
          for (PerExample.LossAndStats actual : new PerExample.LossAndStats[] {nan, reused}) {
            assertThat(actual.losses()).isEqualTo(expected.losses());
            assertThat(actual.stats()).isEqualTo(expected.stats());
          }
          assertThat(perExample.withBuffers(arena).grad(params, x, labels))
              .isEqualTo(perExample.grad(params, x, labels));
        }
      }
    }
  }

  @Test
  void aRepeatedCallInAnArenaAllocatesNoNewArrays() {
    Arena arena = new Arena();
    Params params = MLP.init(7);
    PerExample perExample = PerExample.of(MLP.loss()).withBuffers(arena);
    Grad grad = Grad.of(p -> Ops.mean(MLP.loss().apply(p, Var.constant(TestMlp.inputs(8, 20, 1)), new int[8])))
        .withBuffers(arena);
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
