package dev.sngrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;

/**
 * A minibatch: {@code inputs} with the examples on axis 0 and one integer label per example.
 * Immutable: the labels are copied in and out.
 *
 * @param inputs {@code [B, ...]} with {@code B >= 1}
 * @param labels {@code B} labels
 */
public record Minibatch(Tensor inputs, int[] labels) {
  /**
   * Checks the components and copies {@code labels}.
   *
   * @param inputs {@code [B, ...]} with {@code B >= 1}
   * @param labels {@code B} labels, copied
   * @throws IllegalArgumentException if {@code inputs} has rank 0, or its first dimension differs
   *     from the number of labels, or there are no labels
   * @throws NullPointerException if either component is null
   */
  public Minibatch {
    checkNotNull(inputs, "inputs");
    checkNotNull(labels, "labels");
    checkArgument(inputs.shape().rank() >= 1, "minibatch inputs need an example axis, got %s", inputs.shape());
    checkArgument(
        inputs.shape().dim(0) == labels.length && labels.length > 0,
        "minibatch inputs %s need one label per example (and at least one example), got %s labels",
        inputs.shape(), labels.length);
    labels = labels.clone();
  }

  /**
   * A copy of the labels.
   *
   * @return a new array of the {@code B} labels
   */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Number of examples {@code B}.
   *
   * @return the number of labels, which is the size of axis 0 of the inputs, {@code >= 1}
   */
  public int size() {
    return labels.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Minibatch other && inputs.equals(other.inputs) && Arrays.equals(labels, other.labels);
  }

  @Override
  public int hashCode() {
    return 31 * inputs.hashCode() + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "Minibatch[inputs=" + inputs.shape() + ", " + labels.length + " labels]";
  }
}
