package dev.sngrad.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.math.Stats;
import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference a per-example computation is checked against, after EJML's
 * {@code CheckMultiThreadAgainstSingleThread}: {@code PerExample.grad} must equal a loop of
 * {@link Grad} calls, one per example on that example alone (what {@code vmap(grad)} means), and
 * {@code PerExample.gradStats} must equal the mean and population variance, in double through
 * Guava's {@link Stats}, of those materialized gradients.
 *
 * <pre>{@code
 * PerExampleOracle.of(loss).assertGradMatchesLoop(params, x, labels, 1e-5)
 *                          .assertGradStatsMatchNaive(params, x, labels, 1e-5, 1e-4);
 * }</pre>
 */
public final class PerExampleOracle {
  private final ExampleLoss loss;
  private final PerExample transform;

  private PerExampleOracle(ExampleLoss loss, PerExample transform) {
    this.loss = loss;
    this.transform = transform;
  }

  /**
   * An oracle for {@code PerExample.of(loss)}.
   *
   * @param loss the per-example loss under test
   * @return the oracle
   */
  public static PerExampleOracle of(ExampleLoss loss) {
    return new PerExampleOracle(loss, PerExample.of(loss));
  }

  /**
   * The same oracle checking another transform of the same loss, e.g. {@code
   * PerExample.of(loss).withChunkSize(4)}.
   *
   * @param underTest the transform under test; it must compute {@code loss}
   * @return a new oracle
   */
  public PerExampleOracle checking(PerExample underTest) {
    return new PerExampleOracle(loss, underTest);
  }

  /**
   * Asserts that the per-example gradients of the transform equal the loop of single-example
   * gradients, parameter by parameter, within a normwise relative error.
   *
   * @param params the parameters; not modified
   * @param inputs the batch, {@code [B, ...]}, one example per index of axis 0; not modified
   * @param labels one label per example
   * @param tolerance the largest normwise relative error of each parameter's {@code [B, ...]} gradients, e.g. 1e-5
   * @return this oracle
   * @throws AssertionError naming the parameter, its shape and its largest difference
   */
  public PerExampleOracle assertGradMatchesLoop(Params params, Tensor inputs, int[] labels, double tolerance) {
    Params batched = transform.grad(params, inputs, labels);
    Params loop = loopOfSingleExampleGrads(loss, params, inputs, labels);
    SngradAssertions.assertThat(batched).as("per-example gradients vs a loop of single-example Grad calls")
        .hasRelativeErrorAtMost(loop, tolerance);
    return this;
  }

  /**
   * Asserts that the transform's statistics equal those of the loop's gradients: the count, and
   * the mean and variance of each parameter within normwise relative errors. The fused path's
   * variance comes from a sum of squares and carries rounding errors of the order of {@code 1e-7}
   * times the mean square, so {@code varianceTolerance} is usually 10 times {@code meanTolerance}.
   *
   * @param params the parameters; not modified
   * @param inputs the batch, {@code [B, ...]}; not modified
   * @param labels one label per example
   * @param meanTolerance the largest normwise relative error of each parameter's mean, e.g. 1e-5
   * @param varianceTolerance the largest normwise relative error of each variance, e.g. 1e-4
   * @return this oracle
   * @throws AssertionError naming the statistic, the parameter, its shape and its largest difference
   */
  public PerExampleOracle assertGradStatsMatchNaive(
      Params params, Tensor inputs, int[] labels, double meanTolerance, double varianceTolerance) {
    GradientStats fused = transform.gradStats(params, inputs, labels);
    GradientStats naive = naiveStats(loopOfSingleExampleGrads(loss, params, inputs, labels));
    if (fused.count() != naive.count()) {
      throw new AssertionError("gradStats counted " + fused.count() + " examples, the batch has " + naive.count());
    }
    SngradAssertions.assertThat(fused.mean()).as("mean of the per-example gradients")
        .hasRelativeErrorAtMost(naive.mean(), meanTolerance);
    SngradAssertions.assertThat(fused.variance()).as("population variance of the per-example gradients")
        .hasRelativeErrorAtMost(naive.variance(), varianceTolerance);
    return this;
  }

  /**
   * The reference per-example gradients: for each example {@code i}, {@code Grad.of} of {@code
   * loss} on row {@code i} of {@code inputs} alone, stacked along a new axis 0. The row is passed as
   * example {@code i} of the batch ({@link ExampleLoss#applyFrom}), so a loss with random draws per
   * example (dropout) draws what it draws in the whole batch.
   *
   * @param loss the per-example loss
   * @param params the parameters; not modified
   * @param inputs the batch, {@code [B, ...]}; not modified
   * @param labels one label per example ({@code B} of them)
   * @return for each parameter of shape {@code S}, its gradients {@code [B, S...]}
   * @throws IllegalArgumentException if the batch and the labels differ in length, or as the loss throws
   */
  public static Params loopOfSingleExampleGrads(ExampleLoss loss, Params params, Tensor inputs, int[] labels) {
    checkArgument(inputs.shape().rank() >= 1 && inputs.shape().dim(0) == labels.length,
        "per-example oracle: inputs %s do not hold %s examples", inputs.shape(), labels.length);
    List<Params> perExample = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      Var xi = Var.constant(inputs.slice(i, i + 1));
      int[] yi = {labels[i]};
      int example = i;
      perExample.add(Grad.of(p -> Ops.sum(loss.applyFrom(p, xi, yi, example))).apply(params));
    }
    Params.Builder b = Params.builder();
    for (String name : params.asMap().keySet()) {
      b.put(name, Tensor.stack(perExample.stream().map(g -> g.get(name)).toList()));
    }
    return b.build();
  }

  /**
   * Mean and population variance ({@code 1/B * sum_i (g_i - mu)^2}) over axis 0, computed in
   * double with Guava's {@link Stats} and rounded to float at the end.
   *
   * @param perExample per-example gradients, every tensor {@code [B, ...]} with the same {@code B >= 1}; not modified
   * @return the statistics, each tensor of the parameter's own shape, with count {@code B}
   * @throws IllegalArgumentException if the tensors disagree on {@code B} or {@code perExample} is empty
   */
  public static GradientStats naiveStats(Params perExample) {
    checkArgument(perExample.count() > 0, "per-example oracle: no gradients");
    int examples = perExample.asMap().values().iterator().next().shape().dim(0);
    Params.Builder mean = Params.builder();
    Params.Builder variance = Params.builder();
    perExample.asMap().forEach((name, g) -> {
      checkArgument(g.shape().rank() >= 1 && g.shape().dim(0) == examples,
          "per-example oracle: '%s' has shape %s, not %s examples", name, g.shape(), examples);
      int size = g.size() / examples;
      float[] m = new float[size];
      float[] v = new float[size];
      double[] column = new double[examples];
      for (int j = 0; j < size; j++) {
        for (int i = 0; i < examples; i++) {
          column[i] = g.getFlat(i * size + j);
        }
        Stats stats = Stats.of(column);
        m[j] = (float) stats.mean();
        v[j] = (float) stats.populationVariance();
      }
      Shape shape = g.shape().dropFirst();
      mean.put(name, TensorArrays.wrap(shape, m));
      variance.put(name, TensorArrays.wrap(shape, v));
    });
    return new GradientStats(mean.build(), variance.build(), examples);
  }
}
