package dev.sngrad.autodiff.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.internal.TensorArrays;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An immutable, row-major array of float32 values with a {@link Shape}. Element {@code (r, c)} of
 * a matrix lives at {@code data[r * cols + c]}, as in EJML's {@code FMatrixRMaj}.
 *
 * <p>Factories copy their input and {@link #toArray} copies the values out. sngrad's own ops and
 * kernels share the backing array instead, through an internal class that is not part of this API;
 * nobody modifies an array once a tensor holds it. The one exception to immutability is explicit:
 * a tensor that an op computed into an {@link Arena}'s array is valid until that arena is reset (a
 * {@code TrainingSession} resets its own arenas and hands out only copies).
 */
public final class Tensor {
  private final Shape shape;
  private final float[] data;

  static {
    TensorArrays.register(new TensorArrays.Access() {
      @Override
      public Tensor wrap(Shape shape, float[] data) {
        return Tensor.wrap(shape, data);
      }

      @Override
      public float[] data(Tensor tensor) {
        return tensor.data;
      }
    });
  }

  private Tensor(Shape shape, float[] data) {
    checkArgument(
        shape.size() == data.length, "shape %s needs %s values, got %s", shape, shape.size(), data.length);
    this.shape = shape;
    this.data = data;
  }

  /**
   * A tensor holding a copy of {@code values} in row-major order.
   *
   * @param shape the tensor's shape
   * @param values the elements in row-major order, {@code shape.size()} of them (copied)
   * @return the tensor
   * @throws IllegalArgumentException if the number of values is not {@code shape.size()}
   */
  public static Tensor of(Shape shape, float... values) {
    return new Tensor(shape, values.clone());
  }

  /**
   * A tensor of the given dimensions holding a copy of {@code values}.
   *
   * @param values the elements in row-major order, as many as the product of {@code dims} (copied)
   * @param dims the dimensions, outermost first, each {@code >= 0}; none for a scalar
   * @return the tensor
   * @throws IllegalArgumentException if a dimension is negative or the number of values does not
   *     match the dimensions
   */
  public static Tensor of(float[] values, int... dims) {
    return of(Shape.of(dims), values);
  }

  /**
   * A rank-0 tensor.
   *
   * @param value its one element
   * @return a tensor of shape {@code []}
   */
  public static Tensor scalar(float value) {
    return new Tensor(Shape.scalar(), new float[] {value});
  }

  /**
   * A 1-D tensor holding a copy of {@code values}.
   *
   * @param values the elements (copied)
   * @return a tensor of shape {@code [values.length]}
   */
  public static Tensor vector(float... values) {
    return of(Shape.of(values.length), values);
  }

  /**
   * All zeros.
   *
   * @param shape the tensor's shape
   * @return a tensor of {@code shape} holding {@code +0f} everywhere
   */
  public static Tensor zeros(Shape shape) {
    return new Tensor(shape, new float[shape.size()]);
  }

  /**
   * All zeros.
   *
   * @param dims the dimensions, outermost first, each {@code >= 0}; none for a scalar
   * @return a tensor of those dimensions holding {@code +0f} everywhere
   * @throws IllegalArgumentException if a dimension is negative
   */
  public static Tensor zeros(int... dims) {
    return zeros(Shape.of(dims));
  }

  /**
   * Every element equal to {@code value}.
   *
   * @param shape the tensor's shape
   * @param value the value of every element
   * @return the tensor
   */
  public static Tensor full(Shape shape, float value) {
    float[] d = new float[shape.size()];
    Arrays.fill(d, value);
    return new Tensor(shape, d);
  }

  /**
   * Independent standard-normal values scaled by {@code std}, drawn from {@code rng} in row-major order.
   *
   * @param shape the tensor's shape
   * @param std the standard deviation (the values have mean 0)
   * @param rng the source of randomness, advanced by the draws; the same seed gives the same tensor
   * @return the tensor
   */
  public static Tensor normal(Shape shape, float std, SplittableRandom rng) {
    float[] d = new float[shape.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (Gaussian.next(rng) * std);
    }
    return new Tensor(shape, d);
  }

  /**
   * Independent values uniform in {@code [low, high)} drawn from {@code rng} in row-major order.
   *
   * @param shape the tensor's shape
   * @param low the smallest possible value, finite
   * @param high the bound the values stay below, finite and {@code > low}
   * @param rng the source of randomness, advanced by the draws; the same seed gives the same tensor
   * @return the tensor
   * @throws IllegalArgumentException if the shape has elements and not {@code low < high} with a
   *     finite {@code high - low}
   */
  public static Tensor uniform(Shape shape, float low, float high, SplittableRandom rng) {
    float[] d = new float[shape.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextDouble(low, high);
    }
    return new Tensor(shape, d);
  }

  /**
   * Takes ownership of {@code data} without copying. The caller must never modify the array
   * afterwards; ops and kernels use this to return freshly computed results.
   */
  static Tensor wrap(Shape shape, float[] data) {
    return new Tensor(shape, data);
  }

  /**
   * Stacks tensors of equal shape along a new leading axis: {@code n} tensors of shape {@code s}
   * give shape {@code [n, ...s]}.
   *
   * @param parts the tensors, at least one, all of one shape; slice {@code i} of the result is
   *     {@code parts.get(i)}
   * @return a new tensor of shape {@code [n, ...s]}
   * @throws IllegalArgumentException if {@code parts} is empty or two shapes differ
   */
  public static Tensor stack(List<Tensor> parts) {
    checkArgument(!parts.isEmpty(), "stack: no tensors given");
    Shape s = parts.get(0).shape;
    int n = s.size();
    float[] out = new float[parts.size() * n];
    for (int i = 0; i < parts.size(); i++) {
      Tensor p = parts.get(i);
      checkArgument(p.shape.equals(s), "stack: shapes differ: %s and %s (tensor %s)", s, p.shape, i);
      System.arraycopy(p.data, 0, out, i * n, n);
    }
    return new Tensor(s.prepend(parts.size()), out);
  }

  /**
   * The shape.
   *
   * @return the dimensions of this tensor
   */
  public Shape shape() {
    return shape;
  }

  /**
   * Number of elements.
   *
   * @return the product of the dimensions (1 for a scalar)
   */
  public int size() {
    return data.length;
  }

  /**
   * Element at a full multi-index.
   *
   * @param index one index per axis, outermost first
   * @return the element
   * @throws IllegalArgumentException if the index does not have the tensor's rank
   * @throws IndexOutOfBoundsException if an index is outside its dimension
   */
  public float get(int... index) {
    return data[shape.flatIndex(index)];
  }

  /**
   * Element at a row-major flat index.
   *
   * @param flatIndex the index in row-major order, in {@code [0, size())}
   * @return the element
   * @throws ArrayIndexOutOfBoundsException if {@code flatIndex} is outside {@code [0, size())}
   */
  public float getFlat(int flatIndex) {
    return data[flatIndex];
  }

  /**
   * The only element of a tensor with one element (any rank).
   *
   * @return that element
   * @throws IllegalArgumentException if the tensor does not have exactly one element
   */
  public float item() {
    checkArgument(data.length == 1, "item: tensor of shape %s has %s elements, not 1", shape, data.length);
    return data[0];
  }

  /**
   * A copy of the values in row-major order.
   *
   * @return a new array of {@link #size()} values
   */
  public float[] toArray() {
    return data.clone();
  }

  /** The backing array, not a copy: read it, never write it (see the class comment). */
  float[] rawData() {
    return data;
  }

  /**
   * The same values with another shape of equal size; shares the (immutable) storage.
   *
   * @param newShape a shape with as many elements as this tensor's
   * @return the values in row-major order under {@code newShape}
   * @throws IllegalArgumentException if the sizes differ
   */
  public Tensor reshape(Shape newShape) {
    checkArgument(
        newShape.size() == shape.size(), "reshape: %s has %s elements, %s has %s",
        shape, shape.size(), newShape, newShape.size());
    return new Tensor(newShape, data);
  }

  /**
   * The same values with other dimensions of equal size.
   *
   * @param dims the new dimensions, whose product is {@link #size()}
   * @return the values in row-major order under those dimensions, sharing the storage
   * @throws IllegalArgumentException if a dimension is negative or the sizes differ
   */
  public Tensor reshape(int... dims) {
    return reshape(Shape.of(dims));
  }

  /**
   * Rows {@code [from, to)} along axis 0 (a copy).
   *
   * @param from the first row, {@code >= 0}
   * @param to one past the last row, in {@code [from, dim(0)]}
   * @return a tensor of shape {@code [to - from, ...]}, the other dimensions unchanged
   * @throws IllegalArgumentException if the tensor is a scalar or the range is out of bounds
   */
  public Tensor slice(int from, int to) {
    checkArgument(shape.rank() > 0, "slice: scalar tensor has no axis 0");
    int n = shape.dim(0);
    checkArgument(0 <= from && from <= to && to <= n, "slice: [%s, %s) out of range for shape %s", from, to, shape);
    int inner = n == 0 ? 0 : data.length / n;
    return new Tensor(shape.with(0, to - from), Arrays.copyOfRange(data, from * inner, to * inner));
  }

  /**
   * Row {@code i} along axis 0, without that axis (a copy).
   *
   * @param i the row, in {@code [0, dim(0))}
   * @return a tensor of this shape without its first dimension, e.g. one example of a batch
   * @throws IllegalArgumentException if the tensor is a scalar or {@code i} is out of bounds
   */
  public Tensor row(int i) {
    return slice(i, i + 1).reshape(shape.dropFirst());
  }

  /**
   * True when every element is finite (no NaN, no infinity).
   *
   * @return whether {@link #firstNonFinite()} finds nothing
   */
  public boolean isFinite() {
    return firstNonFinite() < 0;
  }

  /**
   * The flat index of the first NaN or infinity.
   *
   * @return the smallest row-major index of a non-finite element, or -1 when every element is finite
   */
  public int firstNonFinite() {
    return FiniteScan.firstNonFinite(data);
  }

  /** Equal shape and bit-identical values ({@code NaN} equals {@code NaN}, {@code -0f} differs from {@code 0f}). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tensor other) || !shape.equals(other.shape)) {
      return false;
    }
    for (int i = 0; i < data.length; i++) {
      if (Float.floatToIntBits(data[i]) != Float.floatToIntBits(other.data[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return 31 * shape.hashCode() + Arrays.hashCode(data);
  }

  /** Shape and up to the first 8 values, e.g. {@code Tensor[2, 3] [1.0, 2.0, ...]}. */
  @Override
  public String toString() {
    int n = Math.min(8, data.length);
    StringBuilder sb = new StringBuilder("Tensor").append(shape).append(" [");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(data[i]);
    }
    return sb.append(data.length > n ? ", ...]" : "]").toString();
  }
}
