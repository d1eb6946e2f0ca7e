package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.sngrad.optim.StateWriter.LIMBS;
import static dev.sngrad.optim.StateWriter.checkName;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Set;

/**
 * Reads the tensors of a flattened {@link OptState} back, for {@link OptStates#restore}; the
 * counterpart of {@link StateWriter}, with the same paths and the same encoding of {@code long}s. A
 * reader stands at a path prefix and records every path it reads, so that the caller can reject
 * tensors nobody read. Every failure is an {@link IllegalArgumentException} naming the full path.
 * The flattened tensors are not modified.
 */
public final class StateReader {
  private final Params flattened;
  private final Set<String> read;
  private final String prefix;

  private StateReader(Params flattened, Set<String> read, String prefix) {
    this.flattened = flattened;
    this.read = read;
    this.prefix = prefix;
  }

  /** A reader at the root of {@code flattened}, recording the paths it reads into {@code read}. */
  static StateReader root(Params flattened, Set<String> read) {
    return new StateReader(flattened, read, "");
  }

  /**
   * The full path of {@code name} below this reader, e.g. {@code 0/adam/count}.
   *
   * @param name a path relative to this reader: non-empty, neither starting nor ending with {@code /}
   * @return this reader's prefix followed by {@code name}
   * @throws IllegalArgumentException if {@code name} is empty or starts or ends with {@code /}
   */
  public String path(String name) {
    checkName(name);
    return prefix + name;
  }

  /**
   * A reader below {@code name}, reading the same tensors and recording into the same set.
   *
   * @param name the child's name relative to this reader, e.g. a chain index or a state's kind
   * @return the reader at {@code path(name) + "/"}
   * @throws IllegalArgumentException if {@code name} is empty or starts or ends with {@code /}
   */
  public StateReader child(String name) {
    return new StateReader(flattened, read, path(name) + "/");
  }

  /**
   * The tensor at {@code name}, recorded as read.
   *
   * @param name the tensor's path relative to this reader
   * @param shape the shape the tensor must have
   * @return the stored tensor (not copied)
   * @throws IllegalArgumentException naming the path when it is missing or not of shape {@code shape}
   */
  public Tensor tensor(String name, Shape shape) {
    String path = path(name);
    checkArgument(
        flattened.contains(path),
        "optimizer state has no tensor '%s': it was saved from a different optimizer or for other"
            + " parameters (it has %s)", path, OptStates.describe(flattened.asMap().keySet()));
    Tensor t = flattened.get(path);
    checkArgument(
        t.shape().equals(shape), "optimizer state tensor '%s' has shape %s, expected %s", path, t.shape(), shape);
    read.add(path);
    return t;
  }

  /**
   * The tensors at {@code name/<n>} for every name {@code n} of {@code template}, with the template's
   * shapes, in the template's order.
   *
   * @param name the path, relative to this reader, under which the tensors are stored
   * @param template gives the names and shapes expected (typically the initial state's tensors);
   *     its values are not read
   * @return the stored tensors, named as in {@code template}
   * @throws IllegalArgumentException naming the first path that is missing or of another shape
   */
  public Params params(String name, Params template) {
    StateReader child = child(name);
    Params.Builder b = Params.builder();
    template.asMap().forEach((n, t) -> b.put(n, child.tensor(n, t.shape())));
    return b.build();
  }

  /**
   * The {@code long} written by {@link StateWriter#putLong}.
   *
   * @param name the path, relative to this reader, of its {@code [4]} tensor of 16-bit limbs
   * @return the value, exactly as written
   * @throws IllegalArgumentException naming the path when the tensor is missing, not of shape
   *     {@code [4]}, or holds a limb that is not an integer in {@code [0, 65535]}
   */
  public long readLong(String name) {
    return decode(path(name), TensorArrays.data(tensor(name, Shape.of(LIMBS))), 0);
  }

  /**
   * The {@code n} longs written by {@link StateWriter#putLongs}, an {@code [n, 4]} tensor.
   *
   * @param name the path, relative to this reader, of the {@code [n, 4]} tensor of limbs
   * @param n the number of longs expected
   * @return a new array of the {@code n} values, exactly as written
   * @throws IllegalArgumentException naming the path when the tensor is missing, not of shape
   *     {@code [n, 4]}, or holds a limb that is not an integer in {@code [0, 65535]}
   */
  public long[] readLongs(String name, int n) {
    float[] limbs = TensorArrays.data(tensor(name, Shape.of(n, LIMBS)));
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = decode(path(name), limbs, i * LIMBS);
    }
    return values;
  }

  private static long decode(String path, float[] limbs, int offset) {
    long value = 0;
    for (int i = 0; i < LIMBS; i++) {
      float limb = limbs[offset + i];
      checkArgument(
          limb >= 0 && limb <= 0xFFFF && limb == Math.rint(limb),
          "optimizer state tensor '%s' element %s is %s, but a stored long is made of integers in [0, 65535]",
          path, offset + i, limb);
      value |= (long) limb << (16 * i);
    }
    return value;
  }

  @Override
  public String toString() {
    return "StateReader[" + prefix + "]";
  }
}
