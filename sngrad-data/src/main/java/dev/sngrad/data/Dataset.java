package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkPositionIndexes;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An immutable labelled image dataset held as unsigned bytes.
 *
 * <p>Example {@code i} occupies {@code pixels[i * s .. (i + 1) * s)} with {@code s =
 * shape().size()}, in C, H, W order (channel planes, each row-major); every value is an unsigned
 * intensity 0..255. Its label is an integer in {@code [0, classNames().size())}. Keeping bytes
 * (60,000 x 784 bytes = 47 MB for MNIST) and converting one {@link Batch} at a time to float32
 * keeps memory four times smaller than a float copy.
 *
 * <p>Immutable and thread-safe: no method modifies the pixels or labels, and every array handed
 * out is a copy or a read-only view.
 */
public final class Dataset {
  private final String name;
  private final byte[] pixels;
  private final int[] labels;
  private final ImageShape shape;
  private final ImmutableList<String> classNames;

  private Dataset(
      String name, byte[] pixels, int[] labels, ImageShape shape, List<String> classNames) {
    this.name = checkNotNull(name, "name");
    this.shape = checkNotNull(shape, "shape");
    this.classNames = ImmutableList.copyOf(classNames);
    checkArgument(!this.classNames.isEmpty(), "dataset %s: no class names", name);
    checkArgument(
        (long) labels.length * shape.size() == pixels.length,
        "dataset %s: %s pixels do not hold %s images of shape %s",
        name,
        pixels.length,
        labels.length,
        shape);
    int numClasses = this.classNames.size();
    for (int i = 0; i < labels.length; i++) {
      checkArgument(
          labels[i] >= 0 && labels[i] < numClasses,
          "dataset %s: label %s of example %s is outside [0, %s)",
          name,
          labels[i],
          i,
          numClasses);
    }
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Creates a dataset from copies of {@code pixels} and {@code labels} (neither is modified nor
   * retained).
   *
   * @param name a short name used in messages, e.g. {@code "mnist/train"}
   * @param pixels {@code labels.length * shape.size()} unsigned bytes in C, H, W order
   * @param labels one class index per example, each in {@code [0, classNames.size())}
   * @param shape the shape of one image
   * @param classNames the human-readable class names, indexed by label (copied)
   * @return the dataset
   * @throws NullPointerException if {@code name} or {@code shape} is null
   * @throws IllegalArgumentException if there are no class names, the pixel count is not {@code
   *     labels.length * shape.size()}, or a label is out of range
   */
  public static Dataset of(
      String name, byte[] pixels, int[] labels, ImageShape shape, List<String> classNames) {
    return new Dataset(name, pixels.clone(), labels.clone(), shape, classNames);
  }

  /**
   * Like {@link #of} but takes ownership of the arrays instead of copying them: the caller must not
   * modify them afterwards. Loaders use this to avoid a second 47-150 MB copy.
   *
   * @param name a short name used in messages, e.g. {@code "mnist/train"}
   * @param pixels {@code labels.length * shape.size()} unsigned bytes in C, H, W order (owned by
   *     the dataset from now on)
   * @param labels one class index per example, each in {@code [0, classNames.size())} (owned by
   *     the dataset from now on)
   * @param shape the shape of one image
   * @param classNames the human-readable class names, indexed by label (copied)
   * @return the dataset
   * @throws NullPointerException if {@code name} or {@code shape} is null
   * @throws IllegalArgumentException if there are no class names, the pixel count is not {@code
   *     labels.length * shape.size()}, or a label is out of range
   */
  public static Dataset wrap(
      String name, byte[] pixels, int[] labels, ImageShape shape, List<String> classNames) {
    return new Dataset(name, pixels, labels, shape, classNames);
  }

  /**
   * The dataset's name.
   *
   * @return the name used in messages, e.g. {@code "mnist/train"}
   */
  public String name() {
    return name;
  }

  /**
   * The number of examples.
   *
   * @return the number of examples, zero or more
   */
  public int size() {
    return labels.length;
  }

  /**
   * The shape of one image.
   *
   * @return the shape, e.g. {@code [1, 28, 28]}
   */
  public ImageShape shape() {
    return shape;
  }

  /**
   * The class names.
   *
   * @return the names indexed by label, e.g. {@code "0"} to {@code "9"} for MNIST
   */
  public ImmutableList<String> classNames() {
    return classNames;
  }

  /**
   * The number of classes.
   *
   * @return {@code classNames().size()}, positive
   */
  public int numClasses() {
    return classNames.size();
  }

  /**
   * The label of one example.
   *
   * @param index the example, in {@code [0, size())}
   * @return its class index, in {@code [0, numClasses())}
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public int label(int index) {
    checkElementIndex(index, labels.length, "example index");
    return labels[index];
  }

  /**
   * All labels.
   *
   * @return a copy: one class index per example, in example order
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Returns one unsigned pixel value (0..255).
   *
   * @param index the example
   * @param offset the position inside the flattened image, {@code c * H * W + y * W + x}
   * @return the intensity, 0..255
   * @throws IndexOutOfBoundsException if {@code index} or {@code offset} is out of range
   */
  public int pixel(int index, int offset) {
    checkElementIndex(index, labels.length, "example index");
    checkElementIndex(offset, shape.size(), "pixel offset");
    return pixels[index * shape.size() + offset] & 0xFF;
  }

  /**
   * Copies the {@code shape().size()} bytes of example {@code index} into {@code destination}
   * starting at {@code destinationOffset}.
   *
   * @param index the example, in {@code [0, size())}
   * @param destination receives the raw bytes (unsigned intensities, C, H, W order)
   * @param destinationOffset where the first byte goes
   * @throws IndexOutOfBoundsException if {@code index} is out of range or the image does not fit
   *     in {@code destination} at that offset
   */
  public void copyPixels(int index, byte[] destination, int destinationOffset) {
    checkElementIndex(index, labels.length, "example index");
    int n = shape.size();
    checkPositionIndexes(destinationOffset, destinationOffset + n, destination.length);
    System.arraycopy(pixels, index * n, destination, destinationOffset, n);
  }

  /**
   * A read-only view of all pixels ({@code size() * shape().size()} unsigned bytes, C, H, W order
   * per example); no copy is made.
   *
   * @return a read-only buffer positioned at 0; read bytes with {@code & 0xFF}
   */
  public ByteBuffer pixels() {
    return ByteBuffer.wrap(pixels).asReadOnlyBuffer();
  }

  /**
   * The number of examples of each class.
   *
   * @return a fresh array of {@code numClasses()} counts, indexed by label
   */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * Returns a new dataset holding copies of the given examples, in the given order.
   *
   * @param subsetName the name of the new dataset
   * @param indices example indices of this dataset (not modified); repeats are allowed
   * @return the subset, with this dataset's shape and class names
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public Dataset subset(String subsetName, int[] indices) {
    int n = shape.size();
    byte[] newPixels = new byte[Math.multiplyExact(indices.length, n)];
    int[] newLabels = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      checkElementIndex(i, labels.length, "subset index");
      System.arraycopy(pixels, i * n, newPixels, k * n, n);
      newLabels[k] = labels[i];
    }
    return new Dataset(subsetName, newPixels, newLabels, shape, classNames);
  }

  /**
   * Returns a dataset with the same pixels (shared, not copied: neither is ever modified) and
   * other labels.
   *
   * @param newName the name of the new dataset
   * @param newLabels one class index per example (copied), each in {@code [0, numClasses())}
   * @return the relabelled dataset
   * @throws IllegalArgumentException if the label count differs from {@link #size()} or a label is
   *     out of range
   */
  public Dataset withLabels(String newName, int[] newLabels) {
    checkArgument(newLabels.length == labels.length,
        "dataset %s: %s labels given for %s examples", name, newLabels.length, labels.length);
    return new Dataset(newName, pixels, newLabels.clone(), shape, classNames);
  }

  /** Prints name, size and shape, e.g. {@code Dataset[mnist/train, 60000 x [1, 28, 28]]}. */
  @Override
  public String toString() {
    return "Dataset[" + name + ", " + labels.length + " x " + shape + "]";
  }
}
