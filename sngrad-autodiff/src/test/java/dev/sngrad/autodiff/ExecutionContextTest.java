package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import org.junit.jupiter.api.Test;

/**
 * The context decides where work runs, never what it computes: the pure-Java kernel gives the same
 * bits on any thread count and in reused buffers.
 */
class ExecutionContextTest {
  private static final TestMlp MLP = new TestMlp(20, 16, 12, 5);

  @Test
  void defaultsArePureJavaOnEveryCoreWithFreshArrays() {
    ExecutionContext ctx = ExecutionContext.defaults();
    assertThat(ctx.kernel()).isSameAs(MatMulKernel.defaultKernel());
    assertThat(ctx.buffers()).isSameAs(BufferSource.fresh());
    assertThat(ctx.threads()).isSameAs(WorkerThreads.shared(Runtime.getRuntime().availableProcessors()));
    assertThat(ExecutionContext.threads(2).kernel()).isSameAs(MatMulKernel.defaultKernel());
    assertThat(ExecutionContext.threads(2).threads()).isSameAs(WorkerThreads.shared(2));
  }

  @Test
  void withersReplaceOneComponent() {
    Arena arena = new Arena();
    ExecutionContext ctx = ExecutionContext.threads(2).withBuffers(arena);
    assertThat(ctx).isEqualTo(new ExecutionContext(MatMulKernel.defaultKernel(), WorkerThreads.shared(2), arena));
    assertThat(ctx.withKernel(MatMulKernel.scalar()))
        .isEqualTo(new ExecutionContext(MatMulKernel.scalar(), WorkerThreads.shared(2), arena));
    assertThat(ctx.withThreads(WorkerThreads.callingThread()))
        .isEqualTo(new ExecutionContext(MatMulKernel.defaultKernel(), WorkerThreads.shared(1), arena));
    assertThatThrownBy(() -> new ExecutionContext(null, WorkerThreads.shared(1), arena)).hasMessageContaining("kernel");
    assertThatThrownBy(() -> ctx.withThreads(null)).hasMessageContaining("threads");
    assertThatThrownBy(() -> ExecutionContext.defaults().withBuffers(null)).hasMessageContaining("buffers");
  }

  @Test
  void resultsDoNotDependOnTheContext() {
    Params params = MLP.init(5);
    var x = TestMlp.inputs(9, 20, 6);
    int[] labels = TestMlp.labels(9, 5, 7);
    PerExample perExample = PerExample.of(MLP.loss());
    PerExample.LossAndStats expected = perExample.lossAndGradStats(params, x, labels);
    for (ExecutionContext ctx : new ExecutionContext[] {
        ExecutionContext.threads(1), ExecutionContext.threads(3),
        ExecutionContext.defaults().withBuffers(new Arena())}) {
      PerExample.LossAndStats actual = perExample.withContext(ctx).lossAndGradStats(params, x, labels);
      assertThat(actual.losses()).as("%s", ctx).isEqualTo(expected.losses());
      assertThat(actual.stats()).as("%s", ctx).isEqualTo(expected.stats());
    }
  }
}
