package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Shape;
import java.util.Arrays;

/**
 * Layer normalization, as {@code torch.nn.LayerNorm(normalizedShape, eps)}: the input's trailing
 * axes must be {@code normalizedShape}; every block of them is normalized with its own mean and
 * population variance and then scaled and shifted elementwise, {@code y = (x - mean) / sqrt(var +
 * eps) * gamma + beta}. {@code gamma} (under {@code name/gamma}) starts at 1 and {@code beta} (under
 * {@code name/beta}) at 0, both of shape {@code normalizedShape}. For {@code [B, features]} inputs
 * {@code new LayerNorm(name, features)} normalizes each example; for {@code [B, C, H, W]} {@code new
 * LayerNorm(name, C, H, W)} does. The output has the input's shape.
 *
 * <p>The statistics are those of each example alone, so per-example gradients are defined (unlike
 * batch normalization, see the package comment) and the same in training and inference; {@code
 * PerExample.gradStats} computes the moments of {@code gamma} and {@code beta} without per-example
 * copies.
 *
 * @param name the layer's name, prefix of its parameter keys; unique within a model
 * @param normalizedShape the trailing axes normalized together, at least one, all positive
 * @param eps added to the variance, {@code >= 0}; PyTorch's default is 1e-5
 */
public record LayerNorm(String name, Shape normalizedShape, double eps) implements NormalizationLayer {
  /**
   * Checks the shape.
   *
   * @param name the layer's name
   * @param normalizedShape the trailing axes normalized together
   * @param eps added to the variance
   * @throws IllegalArgumentException if the shape has no axis or an empty one, or {@code eps} is
   *     negative or not finite
   */
  public LayerNorm {
    checkArgument(
        normalizedShape.rank() >= 1 && normalizedShape.size() > 0,
        "layer_norm '%s': the normalized shape %s needs at least one axis and no empty one", name, normalizedShape);
    checkArgument(eps >= 0 && Double.isFinite(eps), "layer_norm '%s': eps must be finite and >= 0, got %s", name, eps);
  }

  /**
   * A layer normalization over trailing axes of these sizes, with PyTorch's default {@code eps =
   * 1e-5}.
   *
   * @param name the layer's name, prefix of its parameter keys
   * @param normalizedShape the sizes of the trailing axes, e.g. the number of features
   * @throws IllegalArgumentException if there is no size or a size is not positive
   */
  public LayerNorm(String name, int... normalizedShape) {
    this(name, Shape.of(normalizedShape), 1e-5);
  }

  /**
   * The shape of {@code gamma} and {@code beta}.
   *
   * @return {@link #normalizedShape()}
   */
  @Override
  public Shape affineShape() {
    return normalizedShape;
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    int[] dims = x.shape().toArray();
    int offset = dims.length - normalizedShape.rank();
    checkArgument(
        offset >= 1 && Arrays.equals(dims, offset, dims.length, normalizedShape.toArray(), 0, normalizedShape.rank()),
        "layer_norm '%s': input %s must be an example axis and more followed by the normalized shape %s",
        name, x.shape(), normalizedShape);
    return Ops.layerNorm(x, params.get(gammaKey()), params.get(betaKey()), eps);
  }
}
