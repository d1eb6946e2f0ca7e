package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.CountingKernel;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** An inference pass computes what constants compute, on its own context's kernel and buffers. */
class InferenceTest {
  private static final TestMlp MLP = new TestMlp(20, 16, 12, 5);

  @Test
  void productsRunOnThePassKernelAndGiveTheBitsOfTheDefaultsWithTheSameKernel() {
    Params params = MLP.init(3);
    Tensor x = TestMlp.inputs(9, 20, 4);
    Tensor expected = MLP.logits(Vars.constants(params), Var.constant(x)).value();

    // the defaults' kernel behind a counter: the same arithmetic, so the same bits
    CountingKernel kernel = new CountingKernel(MatMulKernel.defaultKernel());
    Inference pass = Inference.in(ExecutionContext.of(kernel, WorkerThreads.shared(2)));
    Var logits = MLP.logits(pass.constants(params), pass.constant(x));

    assertThat(logits.value()).isEqualTo(expected);
    assertThat(kernel.products()).isEqualTo(MLP.layers()); // one product per dense layer
    assertThat(logits.requiresGrad()).isFalse();
    assertThat(logits.isMapped()).isFalse();
  }

  @Test
  void aProductMatchesTheLiteralLoopOnAnotherKernel() {
    Tensor a = TestMlp.inputs(3, 4, 1);
    Tensor b = TestMlp.inputs(4, 2, 2);
    CountingKernel kernel = new CountingKernel(MatMulKernel.scalar());
    Inference pass = Inference.in(ExecutionContext.of(kernel, WorkerThreads.shared(2)));
    float[] c = TensorArrays.data(Ops.matmul(pass.constant(a), pass.constant(b)).value());
    float[] x = TensorArrays.data(a);
    float[] y = TensorArrays.data(b);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
          sum += (double) x[i * 4 + k] * y[k * 2 + j];
        }
        assertThat((double) c[i * 2 + j]).isCloseTo(sum, within(1e-5));
      }
    }
    assertThat(kernel.products()).isEqualTo(1);
  }

  @Test
  void valuesComeFromThePassBuffersSoARepeatedPassAllocatesNothingAfterAReset() {
    Params params = MLP.init(3);
    Tensor x = TestMlp.inputs(9, 20, 4);
    Tensor expected = MLP.logits(Vars.constants(params), Var.constant(x)).value();
    Arena arena = new Arena();
    ExecutionContext ctx = ExecutionContext.defaults().withBuffers(arena);

    Inference pass = Inference.in(ctx);
    Tensor first = MLP.logits(pass.constants(params), pass.constant(x)).value();
    assertThat(first).isEqualTo(expected);
    long allocated = arena.allocations();
    assertThat(allocated).isPositive();
    arena.reset();
    Inference again = Inference.in(ctx);
    assertThat(MLP.logits(again.constants(params), again.constant(x)).value()).isEqualTo(expected);
    assertThat(arena.allocations()).isEqualTo(allocated);
  }

  @Test
  void valuesOfAPassDoNotMixWithThoseOfAGradCall() {
    Tensor w = TestMlp.inputs(3, 3, 5);
    Var fromPass = Inference.in(ExecutionContext.defaults()).constant(w);
    Params params = Params.builder().put("w", w).build();
    assertThatThrownBy(() -> Grad.of(p -> Ops.sum(Ops.mul(p.get("w"), fromPass))).apply(params))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inference passes");
    // a plain constant still combines with anything
    Params g = Grad.of(p -> Ops.sum(Ops.mul(p.get("w"), Var.constant(w)))).apply(params);
    assertThat(g.get("w")).isEqualTo(w);
  }
}
