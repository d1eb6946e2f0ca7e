package dev.sngrad.autodiff.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor, outermost first. A rank-0 shape ({@code []}) is a scalar.
 *
 * <p>Immutable: the dimension array is copied in and out. {@link #toString()} prints {@code [32,
 * 784]}, the form used in every shape error message.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    long n = 1;
    for (int d : dims) {
      checkArgument(d >= 0, "negative dimension in %s", Arrays.toString(dims));
      n *= d;
      checkArgument(n <= Integer.MAX_VALUE, "shape %s has more than 2^31-1 elements", Arrays.toString(dims));
    }
    this.dims = dims;
    this.size = (int) n;
  }

  /**
   * A shape with the given dimensions (copied).
   *
   * @param dims the dimensions, outermost first, each {@code >= 0}; none for a scalar
   * @return the shape
   * @throws IllegalArgumentException if a dimension is negative or the product exceeds {@code 2^31 - 1}
   */
  public static Shape of(int... dims) {
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /**
   * The rank-0 shape of a scalar.
   *
   * @return the shape {@code []}, of size 1
   */
  public static Shape scalar() {
    return SCALAR;
  }

  /**
   * Number of dimensions.
   *
   * @return the rank, 0 for a scalar
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Dimension {@code axis}; negative axes count from the end, as in NumPy.
   *
   * @param axis in {@code [-rank, rank)}; -1 is the last axis
   * @return the size of that axis
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int dim(int axis) {
    return dims[normalizeAxis(axis)];
  }

  /**
   * Number of elements: the product of the dimensions (1 for a scalar).
   *
   * @return the number of elements, at most {@code 2^31 - 1}
   */
  public int size() {
    return size;
  }

  /**
   * A copy of the dimensions.
   *
   * @return a new array of the dimensions, outermost first
   */
  public int[] toArray() {
    return dims.clone();
  }

  /**
   * Maps a possibly negative axis to {@code [0, rank)}.
   *
   * @param axis in {@code [-rank, rank)}; negative axes count from the end
   * @return the same axis in {@code [0, rank)}
   * @throws IllegalArgumentException naming the axis and this shape if {@code axis} is out of range
   */
  public int normalizeAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    checkArgument(a >= 0 && a < dims.length, "axis %s out of range for shape %s", axis, this);
    return a;
  }

  /**
   * This shape with {@code n} prepended: {@code [n, ...this]}.
   *
   * @param n the new leading dimension, {@code >= 0}, e.g. a batch size
   * @return the shape of rank {@code rank() + 1}
   * @throws IllegalArgumentException if {@code n} is negative or the size exceeds {@code 2^31 - 1}
   */
  public Shape prepend(int n) {
    int[] d = new int[dims.length + 1];
    d[0] = n;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return new Shape(d);
  }

  /**
   * This shape without its first dimension.
   *
   * @return the shape of rank {@code rank() - 1}, e.g. one example's shape of a batch
   * @throws IllegalArgumentException if this is the scalar shape
   */
  public Shape dropFirst() {
    checkArgument(dims.length > 0, "cannot drop the first dimension of a scalar shape");
    return of(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /**
   * This shape without dimension {@code axis}.
   *
   * @param axis in {@code [-rank, rank)}
   * @return the shape of rank {@code rank() - 1}
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public Shape remove(int axis) {
    int a = normalizeAxis(axis);
    int[] d = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        d[j++] = dims[i];
      }
    }
    return of(d);
  }

  /**
   * This shape with dimension {@code axis} replaced by {@code n}.
   *
   * @param axis in {@code [-rank, rank)}
   * @param n the new size of that axis, {@code >= 0}
   * @return the shape
   * @throws IllegalArgumentException if {@code axis} is out of range or {@code n} is negative
   */
  public Shape with(int axis, int n) {
    int a = normalizeAxis(axis);
    int[] d = dims.clone();
    d[a] = n;
    return of(d);
  }

  /**
   * Product of the dimensions before {@code axis} (rows when the tensor is seen as outer x axis x inner).
   *
   * @param axis in {@code [-rank, rank)}
   * @return the product, 1 for axis 0
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int outerSize(int axis) {
    int a = normalizeAxis(axis);
    int n = 1;
    for (int i = 0; i < a; i++) {
      n *= dims[i];
    }
    return n;
  }

  /**
   * Product of the dimensions after {@code axis}.
   *
   * @param axis in {@code [-rank, rank)}
   * @return the product, 1 for the last axis
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int innerSize(int axis) {
    int a = normalizeAxis(axis);
    int n = 1;
    for (int i = a + 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /**
   * Row-major flat index of a full multi-index.
   *
   * @param index one index per axis, outermost first, each in {@code [0, dim)}
   * @return the position of that element in row-major order
   * @throws IllegalArgumentException if the index does not have this shape's rank
   * @throws IndexOutOfBoundsException if an index is outside its dimension
   */
  public int flatIndex(int... index) {
    checkArgument(
        index.length == dims.length, "index %s has rank %s, shape %s has rank %s",
        Arrays.toString(index), index.length, this, dims.length);
    int flat = 0;
    for (int i = 0; i < dims.length; i++) {
      checkElementIndex(index[i], dims[i], "index " + Arrays.toString(index) + " in shape " + this);
      flat = flat * dims[i] + index[i];
    }
    return flat;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
