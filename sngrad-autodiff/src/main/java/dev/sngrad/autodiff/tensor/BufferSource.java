package dev.sngrad.autodiff.tensor;

/**
 * Where ops get the arrays of the tensors they return. {@link #fresh()} allocates every array, and
 * the tensors it backs are ordinary immutable values. An {@link Arena} hands its arrays out again
 * after {@link Arena#reset}, so that a training loop that repeats the same computation step after
 * step allocates nothing once the first step has run (the way XLA reuses buffers under {@code
 * jit}); tensors backed by an arena are valid only until its next reset.
 */
public interface BufferSource {
  /**
   * An array of {@code length} floats whose contents are unspecified: the caller overwrites all of them.
   *
   * @param length the number of elements, {@code >= 0}
   * @return an array of exactly {@code length} elements
   */
  float[] floats(int length);

  /**
   * An array of {@code length} zeros.
   *
   * @param length the number of elements, {@code >= 0}
   * @return an array of exactly {@code length} zeros
   */
  float[] zeros(int length);

  /**
   * The source that allocates a new array for every request; stateless.
   *
   * @return the shared source of new arrays
   */
  static BufferSource fresh() {
    return Fresh.INSTANCE;
  }

  /**
   * A source of new arrays in which {@link #floats} fills every element with {@code value}: run an
   * op on {@code filledWith(Float.NaN)} to check that it overwrites every element it does not ask
   * to be zeroed.
   *
   * @param value the value every array of {@link #floats} starts with, e.g. {@code Float.NaN}
   * @return the source; its {@link #zeros} arrays hold zeros
   */
  static BufferSource filledWith(float value) {
    return new BufferSource() {
      @Override
      public float[] floats(int length) {
        float[] array = new float[length];
        java.util.Arrays.fill(array, value);
        return array;
      }

      @Override
      public float[] zeros(int length) {
        return new float[length];
      }
    };
  }

  /** See {@link #fresh()}. */
  enum Fresh implements BufferSource {
    /** The only instance. */
    INSTANCE;

    @Override
    public float[] floats(int length) {
      return new float[length];
    }

    @Override
    public float[] zeros(int length) {
      return new float[length];
    }
  }
}
