package dev.sngrad.autodiff;

/**
 * A loss written for a batch that returns one loss per example, shape {@code [N]}, where example
 * {@code i}'s loss depends only on row {@code i} of {@code inputs} and on {@code labels[i]}:
 * {@code (params, inputs, labels) -> Ops.softmaxCrossEntropy(model(params, inputs), labels)}.
 * Examples must not interact (no batch normalization); ops that would mix them fail.
 *
 * <p>A loss whose examples draw random numbers (dropout) overrides {@link #applyFrom} as well, so
 * that an example draws by its index in the whole batch: {@link PerExample} may process a batch in
 * chunks (slices of axis 0) and calls {@code applyFrom} with each chunk's first index, and every
 * example then gets the same draws as in one {@link #apply} of the whole batch.
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

  /**
   * The losses of rows {@code firstExample, firstExample + 1, ...} of a larger batch, given as
   * {@code inputs} and {@code labels}: row {@code r} of {@code inputs} is example {@code
   * firstExample + r} of that batch. {@code applyFrom(params, inputs, labels, 0)} must equal
   * {@code apply(params, inputs, labels)}. The default ignores the position, which is right for
   * every loss without random draws.
   *
   * @param params the traced parameters
   * @param inputs consecutive examples of a batch, {@code [N, ...]}
   * @param labels one label per example ({@code N} of them)
   * @param firstExample the index in the whole batch of row 0 of {@code inputs}, {@code >= 0}
   * @return one loss per example, {@code [N]}
   */
  default Var applyFrom(Vars params, Var inputs, int[] labels, int firstExample) {
    return apply(params, inputs, labels);
  }
}
