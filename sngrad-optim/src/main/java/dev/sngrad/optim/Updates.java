package dev.sngrad.optim;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;

/** Functions on update trees that are not transforms themselves. */
public final class Updates {
  private Updates() {}

  /**
   * {@code params + updates}, elementwise (optax's {@code apply_updates}); both must hold the same
   * names with the same shapes. Sums are formed in float32. Neither argument is modified.
   *
   * @param params the current parameters
   * @param updates the final updates of a transform chain, with the names and shapes of {@code params}
   * @return the new parameters, in newly allocated arrays
   * @throws IllegalArgumentException if the two differ in names or in the shape of a tensor
   */
  public static Params apply(Params params, Params updates) {
    return params.plus(updates);
  }

  /**
   * {@link #apply(Params, Params)} with the new parameters' arrays taken from {@code into}.
   *
   * @param params the current parameters
   * @param updates the final updates, with the names and shapes of {@code params}
   * @param into where the arrays of the sums come from; with an arena they are valid until its
   *     next reset
   * @return the new parameters
   * @throws IllegalArgumentException if the two differ in names or in the shape of a tensor
   */
  public static Params apply(Params params, Params updates, BufferSource into) {
    return params.plus(updates, into);
  }

  /**
   * The global L2 norm {@code sqrt(sum over all tensors and elements of u^2)}, accumulated in
   * double (so it neither overflows nor underflows for float32 values). {@code updates} is not
   * modified.
   *
   * @param updates the tensors whose squared elements are summed
   * @return the norm, 0 for no tensors or all zeros
   */
  public static double globalNorm(Params updates) {
    double sum = 0;
    for (Tensor t : updates.asMap().values()) {
      for (float v : TensorArrays.data(t)) {
        sum += (double) v * v;
      }
    }
    return Math.sqrt(sum);
  }
}
