package dev.sngrad.autodiff;

import static dev.sngrad.testkit.SngradAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.testkit.PerExampleOracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PerExample#lossAndGradStats(Params, Tensor, int[], Set)} with {@link PerExampleReduction}s
 * against literal loops over the single-example gradients of the testkit's oracle (one {@link
 * Grad} call per example).
 */
class PerExampleReductionTest {
  private static final TestMlp MLP = new TestMlp(7, 6, 4);
  private static final int EXAMPLES = 13;

  /** {@code max_i |g_i|}, elementwise. */
  record MaxAbs() implements PerExampleReduction {
    @Override
    public String name() {
      return "max |g|";
    }

    @Override
    public Accumulator start(String parameter, Shape shape) {
      float[] max = new float[shape.size()];
      return new Accumulator() {
        @Override
        public void add(Tensor perExample) {
          float[] g = perExample.toArray();
          for (int k = 0; k < g.length; k++) {
            max[k % max.length] = Math.max(max[k % max.length], Math.abs(g[k]));
          }
        }

        @Override
        public Tensor finish() {
          return Tensor.of(shape, max);
        }
      };
    }
  }

  /** {@code 1/B sum_i g_i^3}, elementwise, summed in double. */
  record MeanCube() implements PerExampleReduction {
    @Override
    public String name() {
      return "mean g^3";
    }

    @Override
    public Accumulator start(String parameter, Shape shape) {
      double[] sums = new double[shape.size()];
      int[] count = {0};
      return new Accumulator() {
        @Override
        public void add(Tensor perExample) {
          float[] g = perExample.toArray();
          for (int k = 0; k < g.length; k++) {
            sums[k % sums.length] += (double) g[k] * g[k] * g[k];
          }
          count[0] += perExample.shape().dim(0);
        }

        @Override
        public Tensor finish() {
          float[] mean = new float[sums.length];
          for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) (sums[j] / count[0]);
          }
          return Tensor.of(shape, mean);
        }
      };
    }
  }

  /** Records the number of examples of every chunk each parameter receives; the result is zeros. */
  record ChunkRecorder(Map<String, List<Integer>> chunks) implements PerExampleReduction {
    @Override
    public String name() {
      return "chunk recorder";
    }

    @Override
    public Accumulator start(String parameter, Shape shape) {
      List<Integer> sizes = new ArrayList<>();
      chunks.put(parameter, sizes);
      return new Accumulator() {
        @Override
        public void add(Tensor perExample) {
          assertThat(perExample.shape().dropFirst()).isEqualTo(shape);
          sizes.add(perExample.shape().dim(0));
        }

        @Override
        public Tensor finish() {
          return Tensor.zeros(shape);
        }
      };
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5, EXAMPLES, 40})
  void reductionsAndStatisticsEqualLiteralLoopsOverSingleExampleGradients(int chunk) {
    Params params = MLP.init(1);
    Tensor x = TestMlp.inputs(EXAMPLES, 7, 2);
    int[] labels = TestMlp.labels(EXAMPLES, 4, 3);

    PerExample.LossAndStats ls = PerExample.of(MLP.loss()).withChunkSize(chunk)
        .lossAndGradStats(params, x, labels, Set.of(new MaxAbs(), new MeanCube()));

    Params loop = PerExampleOracle.loopOfSingleExampleGrads(MLP.loss(), params, x, labels);
    Params.Builder maxAbs = Params.builder();
    Params.Builder meanCube = Params.builder();
    loop.asMap().forEach((name, g) -> {
      Shape shape = g.shape().dropFirst();
      float[] max = new float[shape.size()];
      float[] cube = new float[shape.size()];
      for (int j = 0; j < shape.size(); j++) {
        double sum = 0;
        for (int i = 0; i < EXAMPLES; i++) {
          float v = g.getFlat(i * shape.size() + j);
          max[j] = Math.max(max[j], Math.abs(v));
          sum += (double) v * v * v;
        }
        cube[j] = (float) (sum / EXAMPLES);
      }
      maxAbs.put(name, TensorArrays.wrap(shape, max));
      meanCube.put(name, TensorArrays.wrap(shape, cube));
    });
    assertThat(ls.reductions().reductions()).containsExactlyInAnyOrder(new MaxAbs(), new MeanCube());
    assertThat(ls.reductions().get(new MaxAbs())).isCloseTo(maxAbs.build(), 1e-6, 1e-5);
    assertThat(ls.reductions().get(new MeanCube())).isCloseTo(meanCube.build(), 1e-7, 1e-4);

    GradientStats naive = PerExampleOracle.naiveStats(loop);
    assertThat(ls.stats().mean()).isCloseTo(naive.mean(), 1e-6, 1e-5);
    assertThat(ls.stats().variance()).isCloseTo(naive.variance(), 1e-6, 1e-4);
    assertThat(ls.stats().count()).isEqualTo(EXAMPLES);
    assertThat(ls.materialized()).as("a reduction reads every parameter's per-example gradients")
        .containsExactlyElementsOf(params.asMap().keySet());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4, EXAMPLES})
  void everyParameterReceivesEveryExampleOnceInChunksOfAtMostTheChunkSize(int chunk) {
    Params params = MLP.init(4);
    Tensor x = TestMlp.inputs(EXAMPLES, 7, 5);
    int[] labels = TestMlp.labels(EXAMPLES, 4, 6);
    ChunkRecorder recorder = new ChunkRecorder(new LinkedHashMap<>());

    PerExample.of(MLP.loss()).withChunkSize(chunk).lossAndGradStats(params, x, labels, Set.of(recorder));

    assertThat(recorder.chunks()).containsOnlyKeys(params.asMap().keySet());
    List<Integer> expected = new ArrayList<>();
    int step = chunk == 0 ? EXAMPLES : chunk;
    for (int from = 0; from < EXAMPLES; from += step) {
      expected.add(Math.min(step, EXAMPLES - from));
    }
    recorder.chunks().forEach((name, sizes) -> assertThat(sizes).as(name).isEqualTo(expected));
  }

  @Test
  void withoutReductionsTheStatisticsAreTheFusedOnesToTheBit() {
    Params params = MLP.init(7);
    Tensor x = TestMlp.inputs(EXAMPLES, 7, 8);
    int[] labels = TestMlp.labels(EXAMPLES, 4, 9);
    PerExample perExample = PerExample.of(MLP.loss());

    PerExample.LossAndStats plain = perExample.lossAndGradStats(params, x, labels);
    PerExample.LossAndStats none = perExample.lossAndGradStats(params, x, labels, Set.of());

    assertThat(plain.materialized()).as("dense layers take the fused moments").isEmpty();
    assertThat(none.materialized()).isEmpty();
    assertThat(none.reductions()).isSameAs(ReductionResults.none());
    assertThat(none.stats().mean()).isEqualTo(plain.stats().mean());
    assertThat(none.stats().variance()).isEqualTo(plain.stats().variance());
    assertThat(none.losses()).isEqualTo(plain.losses());
  }

  @Test
  void anAccumulatorFinishingWithTheWrongShapeFailsNamingTheReductionAndTheParameter() {
    PerExampleReduction scalar = new PerExampleReduction() {
      @Override
      public String name() {
        return "always a scalar";
      }

      @Override
      public Accumulator start(String parameter, Shape shape) {
        return new Accumulator() {
          @Override
          public void add(Tensor perExample) {}

          @Override
          public Tensor finish() {
            return Tensor.scalar(1f);
          }
        };
      }
    };
    Params params = MLP.init(1);
    Tensor x = TestMlp.inputs(3, 7, 2);
    assertThatThrownBy(() -> PerExample.of(MLP.loss()).lossAndGradStats(params, x, new int[] {0, 1, 2}, Set.of(scalar)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'always a scalar'")
        .hasMessageContaining("'dense1/weight' of shape [7, 6]");
  }

  @Test
  void aReductionThatWasNotComputedFailsNamingItAndThoseThatWere() {
    ReductionResults results = ReductionResults.of(Map.of(new MeanCube(), MLP.init(1)));
    assertThat(results.get(new MeanCube())).isEqualTo(MLP.init(1));
    assertThatThrownBy(() -> results.get(new MaxAbs()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'max |g|'")
        .hasMessageContaining("computed: ['mean g^3']")
        .hasMessageContaining("perExampleReductions()");
    assertThatThrownBy(() -> ReductionResults.none().get(new MaxAbs())).hasMessageContaining("computed: []");
  }
}
