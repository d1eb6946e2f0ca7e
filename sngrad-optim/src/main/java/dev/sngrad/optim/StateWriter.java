package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the tensors of an {@link OptState} under slash-separated paths, for {@link
 * OptStates#flatten}. A writer stands at a path prefix: {@code child("0").child("adam")} writes
 * below {@code 0/adam/}. Writers of one flattening share their output, in which every path may be
 * written once.
 *
 * <p>A {@code long} is stored by {@link #putLong} as a tensor of shape {@code [4]} holding its four
 * 16-bit limbs, least significant first, each an integer in {@code [0, 65535]}: exact in float32,
 * which holds integers only up to {@code 2^24}. The raw bit pattern of a long in float32 values is
 * deliberately not used, because a bit pattern can be a NaN and writers need not preserve NaN
 * payloads ({@code DataOutputStream.writeFloat} canonicalises them).
 */
public final class StateWriter {
  /** Number of 16-bit limbs of a stored {@code long}. */
  static final int LIMBS = 4;

  private final Map<String, Tensor> out;
  private final String prefix;

  private StateWriter(Map<String, Tensor> out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  /** A writer at the root of a new, empty output. */
  static StateWriter root() {
    return new StateWriter(new LinkedHashMap<>(), "");
  }

  /** Everything written through this writer and the writers derived from it, in writing order. */
  Params written() {
    return Params.of(out);
  }

  /**
   * The full path of {@code name} below this writer, e.g. {@code 0/adam/count}.
   *
   * @param name a path relative to this writer: non-empty, neither starting nor ending with {@code /}
   * @return this writer's prefix followed by {@code name}
   * @throws IllegalArgumentException if {@code name} is empty or starts or ends with {@code /}
   */
  public String path(String name) {
    checkName(name);
    return prefix + name;
  }

  /**
   * A writer below {@code name}, sharing this writer's output.
   *
   * @param name the child's name relative to this writer, e.g. a chain index or a state's kind
   * @return the writer at {@code path(name) + "/"}
   * @throws IllegalArgumentException if {@code name} is empty or starts or ends with {@code /}
   */
  public StateWriter child(String name) {
    return new StateWriter(out, path(name) + "/");
  }

  /**
   * Writes {@code value} at {@code name}; the tensor is kept, not copied.
   *
   * @param name the path relative to this writer
   * @param value the tensor to store
   * @throws IllegalArgumentException if the path was already written or {@code name} is malformed
   * @throws NullPointerException if {@code value} is null
   */
  public void putTensor(String name, Tensor value) {
    checkNotNull(value, "value");
    String path = path(name);
    checkArgument(!out.containsKey(path), "optimizer state path '%s' written twice", path);
    out.put(path, value);
  }

  /**
   * Writes every tensor of {@code values} at {@code name/<its name>}, e.g. {@code mu/dense1/weight}.
   *
   * @param name the path, relative to this writer, under which the tensors go
   * @param values tensors named like the parameters, e.g. a moment estimate
   * @throws IllegalArgumentException if a path was already written or a name is malformed
   */
  public void putParams(String name, Params values) {
    StateWriter child = child(name);
    values.asMap().forEach(child::putTensor);
  }

  /**
   * Writes {@code value} exactly, as the {@code [4]} tensor of its 16-bit limbs (see the class comment).
   *
   * @param name the path relative to this writer
   * @param value any long, e.g. a step count
   * @throws IllegalArgumentException if the path was already written or {@code name} is malformed
   */
  public void putLong(String name, long value) {
    float[] limbs = new float[LIMBS];
    encode(value, limbs, 0);
    putTensor(name, TensorArrays.wrap(Shape.of(LIMBS), limbs));
  }

  /**
   * Writes {@code values} exactly, as an {@code [n, 4]} tensor: row {@code i} holds the limbs of {@code values[i]}.
   *
   * @param name the path relative to this writer
   * @param values the {@code n} longs, possibly none (an {@code [0, 4]} tensor)
   * @throws IllegalArgumentException if the path was already written or {@code name} is malformed
   */
  public void putLongs(String name, long... values) {
    float[] limbs = new float[values.length * LIMBS];
    for (int i = 0; i < values.length; i++) {
      encode(values[i], limbs, i * LIMBS);
    }
    putTensor(name, TensorArrays.wrap(Shape.of(values.length, LIMBS), limbs));
  }

  private static void encode(long value, float[] limbs, int offset) {
    for (int i = 0; i < LIMBS; i++) {
      limbs[offset + i] = (value >>> (16 * i)) & 0xFFFF;
    }
  }

  static void checkName(String name) {
    checkNotNull(name, "name");
    checkArgument(
        !name.isEmpty() && !name.startsWith("/") && !name.endsWith("/"),
        "optimizer state name must be non-empty and not start or end with '/', got '%s'", name);
  }

  @Override
  public String toString() {
    return "StateWriter[" + prefix + "]";
  }
}
