package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.init.Initializer;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code y = activation(x W + b)} with {@code W: [in, out]} under {@code
 * name/weight} and {@code b: [out]} under {@code name/bias}. Weights come from the initializer
 * (He-normal by default), biases start at zero.
 *
 * <p>Input {@code [B, in]}, output {@code [B, out]} (more generally {@code [..., in] -> [...,
 * out]}). Through {@code matmul} and {@code bias_add} both parameters meet the examples directly,
 * so {@code PerExample.gradStats} computes their statistics without per-example copies.
 *
 * @param name the layer's name, prefix of its parameter keys; unique within a model
 * @param in the number of input features, positive
 * @param out the number of output features, positive
 * @param activation applied elementwise to {@code x W + b}
 * @param initializer draws the weight matrix {@code [in, out]} in {@link #init}
 */
public record Dense(String name, int in, int out, Activation activation, Initializer initializer) implements Layer {
  /**
   * Checks the sizes.
   *
   * @param name the layer's name, prefix of its parameter keys
   * @param in the number of input features
   * @param out the number of output features
   * @param activation applied to {@code x W + b}
   * @param initializer draws the weight matrix
   * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
   */
  public Dense {
    checkArgument(in > 0 && out > 0, "dense '%s': sizes must be positive, got %s -> %s", name, in, out);
  }

  /**
   * A dense layer with He-normal weights ({@link Initializer#heNormal()}) and zero biases.
   *
   * @param name the layer's name, prefix of its parameter keys
   * @param in the number of input features, positive
   * @param out the number of output features, positive
   * @param activation applied to {@code x W + b}
   * @return the layer
   * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
   */
  public static Dense of(String name, int in, int out, Activation activation) {
    return new Dense(name, in, out, activation, Initializer.heNormal());
  }

  /**
   * Key of the weight matrix.
   *
   * @return {@code name + "/weight"}, the key of the {@code [in, out]} weights
   */
  public String weightKey() {
    return name + "/weight";
  }

  /**
   * Key of the bias vector.
   *
   * @return {@code name + "/bias"}, the key of the {@code [out]} biases
   */
  public String biasKey() {
    return name + "/bias";
  }

  @Override
  public Params init(SplittableRandom rng) {
    return Params.builder()
        .put(weightKey(), initializer.weight(in, out, rng))
        .put(biasKey(), Tensor.zeros(out))
        .build();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    return activation.apply(Ops.biasAdd(Ops.matmul(x, params.get(weightKey())), params.get(biasKey())));
  }
}
