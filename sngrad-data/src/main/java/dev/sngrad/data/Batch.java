package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * One mini-batch converted to float32, ready to be wrapped in a tensor.
 *
 * <p>{@code inputs} is row-major with shape {@code shape}, e.g. {@code [B, 784]}: row {@code b}
 * holds the normalized (and possibly augmented) example {@code indices[b]} flattened in C, H, W
 * order. {@code labels[b]} is its class index. The arrays are handed over without copying (a batch
 * is a short-lived transfer object made for each step); the caller owns them afterwards. The shape
 * array is copied.
 *
 * @param inputs row-major float32 values, {@code product(shape)} of them
 * @param shape the shape of {@code inputs}, first dimension = batch size
 * @param labels the class index of each row
 * @param indices the index in the source {@link Dataset} of each row
 */
public record Batch(float[] inputs, int[] shape, int[] labels, int[] indices) {

  /**
   * Validates that the arrays agree with {@code shape}; copies {@code shape}, takes the other
   * arrays as they are.
   *
   * @param inputs row-major float32 values, {@code product(shape)} of them
   * @param shape the shape of {@code inputs}, at least one dimension, none negative
   * @param labels {@code shape[0]} class indices
   * @param indices {@code shape[0]} dataset indices
   * @throws IllegalArgumentException if {@code shape} is empty or has a negative dimension, or an
   *     array's length disagrees with it
   */
  public Batch {
    shape = shape.clone();
    checkArgument(shape.length >= 1, "batch shape must have a batch dimension, got []");
    long product = 1;
    for (int d : shape) {
      checkArgument(d >= 0, "batch shape %s has a negative dimension", Arrays.toString(shape));
      product *= d;
    }
    checkArgument(
        product == inputs.length,
        "batch shape %s needs %s inputs, got %s",
        Arrays.toString(shape),
        product,
        inputs.length);
    checkArgument(
        labels.length == shape[0] && indices.length == shape[0],
        "batch shape %s: got %s labels and %s indices",
        Arrays.toString(shape),
        labels.length,
        indices.length);
  }

  /**
   * The shape of {@code inputs}.
   *
   * @return a copy of the shape, e.g. {@code [B, C*H*W]}
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The number of examples.
   *
   * @return {@code shape[0]}
   */
  public int size() {
    return shape[0];
  }

  /**
   * The number of floats per example.
   *
   * @return {@code inputs.length / size()}, or 0 for an empty batch
   */
  public int exampleSize() {
    return shape[0] == 0 ? 0 : inputs.length / shape[0];
  }

  /** Compares array contents. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Batch b
        && Arrays.equals(shape, b.shape)
        && Arrays.equals(labels, b.labels)
        && Arrays.equals(indices, b.indices)
        && Arrays.equals(inputs, b.inputs);
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(shape);
    h = 31 * h + Arrays.hashCode(labels);
    h = 31 * h + Arrays.hashCode(indices);
    return 31 * h + Arrays.hashCode(inputs);
  }

  /** Prints the shape only, e.g. {@code Batch[32, 784]}. */
  @Override
  public String toString() {
    return "Batch" + Arrays.toString(shape);
  }
}
