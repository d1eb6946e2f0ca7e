package dev.sngrad.autodiff;

/**
 * A loss written for a batch that returns one loss per example, shape {@code [N]}, where example
 * {@code i}'s loss depends only on row {@code i} of {@code inputs} and on {@code labels[i]}:
 * {@code (params, inputs, labels) -> Ops.softmaxCrossEntropy(model(params, inputs), labels)}.
 * Examples must not interact (no batch normalization); ops that would mix them fail.
 */
@FunctionalInterface
public interface ExampleLoss {
  /**
   * The losses of a batch.
   *
   * @param params the traced parameters
   * @param inputs the batch, {@code [B, ...]}, one example per index of axis 0
   * @param labels one label per example ({@code B} of them)
   * @return one loss per example, {@code [B]}
   */
  Var apply(Vars params, Var inputs, int[] labels);
}
