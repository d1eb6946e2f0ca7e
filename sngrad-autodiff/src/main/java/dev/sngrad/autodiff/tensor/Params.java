package dev.sngrad.autodiff.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * An immutable, ordered map from parameter paths (such as {@code dense1/weight}) to tensors: the
 * pytree of a model's parameters, of gradients, or of optimizer state.
 *
 * <p>Iteration order is insertion order. Binary helpers ({@link #zipWith}, {@link #plus}) require
 * both sides to hold the same names with the same shapes and fail naming the first difference.
 */
public final class Params {
  private static final Params EMPTY = new Params(ImmutableMap.of());

  private final ImmutableMap<String, Tensor> tensors;

  private Params(ImmutableMap<String, Tensor> tensors) {
    this.tensors = tensors;
  }

  /**
   * Params holding the entries of {@code tensors} in its iteration order.
   *
   * @param tensors tensors by name (copied into an immutable map; the tensors are shared)
   * @return the params
   * @throws NullPointerException if a name or tensor is null
   */
  public static Params of(Map<String, Tensor> tensors) {
    return new Params(ImmutableMap.copyOf(tensors));
  }

  /**
   * No parameters.
   *
   * @return the shared empty params
   */
  public static Params empty() {
    return EMPTY;
  }

  /**
   * A builder that keeps insertion order and rejects duplicate names.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The tensor named {@code name}.
   *
   * @param name a parameter path, e.g. {@code dense1/weight}
   * @return the tensor
   * @throws IllegalArgumentException listing the known names when {@code name} is absent
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    checkArgument(t != null, "no parameter named '%s'; have %s", name, tensors.keySet());
    return t;
  }

  /**
   * True when a tensor named {@code name} is present.
   *
   * @param name a parameter path, e.g. {@code dense1/weight}
   * @return whether {@link #get} would find it
   */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * The entries, in order.
   *
   * @return the immutable map of names to tensors, not a copy
   */
  public ImmutableMap<String, Tensor> asMap() {
    return tensors;
  }

  /**
   * Number of named tensors.
   *
   * @return the number of names
   */
  public int count() {
    return tensors.size();
  }

  /**
   * Total number of scalar values over all tensors.
   *
   * @return the sum of the tensors' sizes
   */
  public long totalSize() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.size();
    }
    return n;
  }

  /**
   * Applies {@code f} to every tensor, keeping names and order (optax's {@code tree.map}).
   *
   * @param f maps one tensor to its replacement, which may have another shape
   * @return the params of the results, under the same names
   */
  public Params map(UnaryOperator<Tensor> f) {
    ImmutableMap.Builder<String, Tensor> b = ImmutableMap.builderWithExpectedSize(tensors.size());
    tensors.forEach((k, v) -> b.put(k, f.apply(v)));
    return new Params(b.buildOrThrow());
  }

  /**
   * Combines tensors of the same name from {@code this} and {@code other}; both must hold the same
   * names with the same shapes.
   *
   * @param other params with the names and shapes of these
   * @param f maps a tensor of these and the tensor of the same name of {@code other} to the result
   * @return the results, under the names and in the order of these
   * @throws IllegalArgumentException naming the difference when the names or a shape differ
   */
  public Params zipWith(Params other, BinaryOperator<Tensor> f) {
    checkSameStructure(other);
    ImmutableMap.Builder<String, Tensor> b = ImmutableMap.builderWithExpectedSize(tensors.size());
    tensors.forEach((k, v) -> b.put(k, f.apply(v, other.tensors.get(k))));
    return new Params(b.buildOrThrow());
  }

  /**
   * Elementwise sum of two params of equal structure, in float32.
   *
   * @param other params with the names and shapes of these
   * @return the sums, in new arrays
   * @throws IllegalArgumentException naming the difference when the names or a shape differ
   */
  public Params plus(Params other) {
    return plus(other, BufferSource.fresh());
  }

  /**
   * {@link #plus(Params)} with the sums' arrays taken from {@code into}.
   *
   * @param other params with the names and shapes of these
   * @param into where the arrays of the sums come from; with an {@link Arena} they are valid until
   *     its next reset
   * @return the sums
   * @throws IllegalArgumentException naming the difference when the names or a shape differ
   */
  public Params plus(Params other, BufferSource into) {
    return zipWith(other, (a, b) -> addTensors(a, b, into));
  }

  /**
   * Zeros of the same names and shapes.
   *
   * @return new zero tensors under these names, in this order
   */
  public Params zerosLike() {
    return map(t -> Tensor.zeros(t.shape()));
  }

  /**
   * Fails unless {@code other} has the same names, in any order, with the same shapes.
   *
   * @param other the params to compare with
   * @throws IllegalArgumentException naming the names of both or the first tensor whose shapes differ
   */
  public void checkSameStructure(Params other) {
    checkArgument(
        tensors.keySet().equals(other.tensors.keySet()),
        "params differ in names: %s vs %s", tensors.keySet(), other.tensors.keySet());
    tensors.forEach(
        (k, v) -> {
          Shape s = other.tensors.get(k).shape();
          checkArgument(v.shape().equals(s), "params '%s' differ in shape: %s vs %s", k, v.shape(), s);
        });
  }

  /**
   * True when every tensor is finite.
   *
   * @return whether no tensor holds NaN or an infinity
   */
  public boolean isFinite() {
    return tensors.values().stream().allMatch(Tensor::isFinite);
  }

  private static Tensor addTensors(Tensor a, Tensor b, BufferSource into) {
    float[] x = a.rawData();
    float[] y = b.rawData();
    float[] out = into.floats(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] + y[i];
    }
    return Tensor.wrap(a.shape(), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Params other && tensors.equals(other.tensors);
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Params{");
    tensors.forEach((k, v) -> sb.append(sb.length() > 7 ? ", " : "").append(k).append('=').append(v.shape()));
    return sb.append('}').toString();
  }

  /** Builds {@link Params} in insertion order; duplicate names are an error. */
  public static final class Builder {
    private final ImmutableMap.Builder<String, Tensor> b = ImmutableMap.builder();

    private Builder() {}

    /**
     * Adds {@code tensor} under {@code name}.
     *
     * @param name the parameter path, e.g. {@code dense1/weight}; unique within the params
     * @param tensor the tensor (not copied)
     * @return this builder
     * @throws NullPointerException if an argument is null
     */
    public Builder put(String name, Tensor tensor) {
      b.put(name, tensor);
      return this;
    }

    /**
     * Adds all entries of {@code params}.
     *
     * @param params entries to add, in their order
     * @return this builder
     */
    public Builder putAll(Params params) {
      b.putAll(params.tensors);
      return this;
    }

    /**
     * The params.
     *
     * @return the entries added, in insertion order
     * @throws IllegalArgumentException naming a name that was added twice
     */
    public Params build() {
      return new Params(b.buildOrThrow());
    }
  }
}
