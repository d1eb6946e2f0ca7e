package dev.sngrad.autodiff;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;

/**
 * A reduction of the per-example gradients of a batch defined outside the library: for each
 * parameter of shape {@code s}, one tensor of shape {@code s} computed from the {@code B}
 * per-example gradients {@code g_1 ... g_B} (each of shape {@code s}), for instance the sign
 * agreement {@code |1/B sum_i sign(g_i)|} or the largest magnitude {@code max_i |g_i|}. It gives a
 * rule what {@link GradientStats} (mean and variance) does not hold.
 *
 * <p>{@link PerExample#lossAndGradStats(dev.sngrad.autodiff.tensor.Params, Tensor, int[],
 * java.util.Set)} computes a set of reductions in the same pass over the per-example gradients as
 * their mean and variance: for every parameter it {@linkplain #start starts} an accumulator of
 * each reduction, {@linkplain Accumulator#add adds} the gradients to it chunk by chunk in batch
 * order, and {@linkplain Accumulator#finish finishes} it. A training step of sngrad-optim computes
 * the reductions its optimizer's transforms ask for ({@code GradientTransform.perExampleReductions})
 * and hands the results to them ({@code StepContext.reduction}).
 *
 * <p><b>Cost.</b> A reduction needs the per-example gradients themselves, so every parameter takes
 * the materialized path of {@link PerExample} (its fused moments are not used): one chunk's
 * gradients, {@code chunk x P} floats for a model of {@code P} parameters ({@code B x P} without a
 * chunk size), are alive at once, and the pass costs what {@code PerExample.grad} costs (for the
 * convolutional {@code cnn-small} at {@code B = 128}, about three times a fused step; see
 * docs/benchmarks.md). The accumulators add their own state, typically one or two
 * parameter-sized arrays each.
 *
 * <p><b>Identity.</b> Results are looked up with {@code equals}, and equal reductions are computed
 * once: a record (equal when its configuration is) or a single instance is a good key. {@link
 * #name()} names the reduction in errors. Implementations are immutable; all mutable state of a
 * batch lives in its accumulators.
 */
public interface PerExampleReduction {
  /**
   * A short name for errors and reports, e.g. {@code "sign agreement"}.
   *
   * @return the reduction's name
   */
  String name();

  /**
   * A fresh accumulator for one parameter of one batch.
   *
   * @param parameter the parameter's name, e.g. {@code dense1/weight}
   * @param shape the parameter's shape {@code s}; the accumulator receives {@code [b, ...s]}
   *     chunks and must finish with a tensor of shape {@code s}
   * @return an accumulator holding no example yet
   */
  Accumulator start(String parameter, Shape shape);

  /**
   * The running reduction of one parameter over the examples added so far. Mutable, used by one
   * thread. Sums should be kept in double: a batch adds thousands of float terms.
   */
  interface Accumulator {
    /**
     * Adds the gradients of the next {@code b} examples of the batch, in batch order.
     *
     * @param perExample {@code [b, ...s]} with {@code b >= 1}: row {@code i} is the gradient of the
     *     {@code i}-th example of this chunk. Not to be modified, and valid only during this call
     *     (its array may be reused for the next chunk): copy what is needed
     */
    void add(Tensor perExample);

    /**
     * The reduction over every example added; called once, after the last {@link #add}.
     *
     * @return a tensor of the parameter's shape {@code s}
     */
    Tensor finish();
  }
}
