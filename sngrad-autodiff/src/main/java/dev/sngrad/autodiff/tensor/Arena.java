package dev.sngrad.autodiff.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link BufferSource} that reuses its arrays: after {@link #reset()}, every array handed out
 * before is handed out again to a request of the same length. A computation that makes the same
 * requests each time (a training step on batches of one size) allocates only on its first run.
 *
 * <p>After a reset, tensors backed by this arena's arrays will be overwritten: whoever resets an
 * arena must own every value computed from it, and copy what has to outlive the reset. Between two
 * resets no array is handed out twice. Not thread-safe: one thread requests and resets.
 */
public final class Arena implements BufferSource {
  /** Free arrays, one deque per length; a list, not a map, so that lengths are never boxed. */
  private final List<FreeArrays> free = new ArrayList<>();
  private final List<float[]> handedOut = new ArrayList<>();
  private long allocations;

  /** An empty arena: it has allocated nothing and handed nothing out. */
  public Arena() {}

  @Override
  public float[] floats(int length) {
    checkArgument(length >= 0, "array length must be >= 0, got %s", length);
    FreeArrays same = freeOfLength(length);
    float[] array = same == null || same.arrays.isEmpty() ? allocate(length) : same.arrays.pop();
    handedOut.add(array);
    return array;
  }

  @Override
  public float[] zeros(int length) {
    float[] array = floats(length);
    Arrays.fill(array, 0f);
    return array;
  }

  /** Makes every array handed out so far available again; values backed by them become invalid. */
  public void reset() {
    // Arrays go back in the order they were handed out, and pop() takes the last one returned:
    // a repeated computation gets its arrays in reverse order, which is as good as any.
    for (float[] array : handedOut) {
      FreeArrays same = freeOfLength(array.length);
      if (same == null) {
        same = new FreeArrays(array.length, new ArrayDeque<>());
        free.add(same);
      }
      same.arrays.push(array);
    }
    handedOut.clear();
  }

  /** The deque of free arrays of {@code length}, or null; a training step asks for a few dozen lengths. */
  private FreeArrays freeOfLength(int length) {
    for (FreeArrays same : free) {
      if (same.length == length) {
        return same;
      }
    }
    return null;
  }

  private record FreeArrays(int length, ArrayDeque<float[]> arrays) {}

  /**
   * How many arrays this arena has allocated since it was created.
   *
   * @return the number of arrays allocated, not counting those handed out again after a reset
   */
  public long allocations() {
    return allocations;
  }

  private float[] allocate(int length) {
    allocations++;
    return new float[length];
  }

  @Override
  public String toString() {
    return "Arena[" + allocations + " arrays, " + handedOut.size() + " handed out]";
  }
}
