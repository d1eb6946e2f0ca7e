package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Shape;

/**
 * Group normalization, as {@code torch.nn.GroupNorm(groups, channels, eps)}: for an input {@code
 * [B, channels, ...]} (images {@code [B, C, H, W]}), the channels of each example fall into {@code
 * groups} equal groups, each normalized over its channels and positions with its own mean and
 * population variance, then scaled and shifted per channel: {@code y[:, c] = (x[:, c] - mean) /
 * sqrt(var + eps) * gamma[c] + beta[c]}. {@code gamma: [channels]} under {@code name/gamma} starts
 * at 1, {@code beta: [channels]} under {@code name/beta} at 0. The output has the input's shape.
 *
 * <p>The statistics are those of each example alone, so per-example gradients are defined (unlike
 * batch normalization, see the package comment) and the same in training and inference; {@code
 * PerExample.gradStats} computes the moments of {@code gamma} and {@code beta} without per-example
 * copies.
 *
 * @param name the layer's name, prefix of its parameter keys; unique within a model
 * @param groups the number of groups, positive and dividing {@code channels}; 1 normalizes each
 *     example over all its axes, {@code channels} each channel on its own (instance normalization)
 * @param channels the number of channels (axis 1 of the input), positive
 * @param eps added to the variance, {@code >= 0}; PyTorch's default is 1e-5
 */
public record GroupNorm(String name, int groups, int channels, double eps) implements NormalizationLayer {
  /**
   * Checks the sizes.
   *
   * @param name the layer's name
   * @param groups the number of groups
   * @param channels the number of channels
   * @param eps added to the variance
   * @throws IllegalArgumentException if a size is not positive, {@code groups} does not divide
   *     {@code channels} or {@code eps} is negative or not finite
   */
  public GroupNorm {
    checkArgument(
        groups > 0 && channels > 0 && channels % groups == 0,
        "group_norm '%s': %s channels do not split into %s groups of equal size", name, channels, groups);
    checkArgument(eps >= 0 && Double.isFinite(eps), "group_norm '%s': eps must be finite and >= 0, got %s", name, eps);
  }

  /**
   * A group normalization with PyTorch's default {@code eps = 1e-5}.
   *
   * @param name the layer's name, prefix of its parameter keys
   * @param groups the number of groups, dividing {@code channels}
   * @param channels the number of channels (axis 1 of the input)
   * @throws IllegalArgumentException if a size is not positive or {@code groups} does not divide {@code channels}
   */
  public GroupNorm(String name, int groups, int channels) {
    this(name, groups, channels, 1e-5);
  }

  /**
   * The shape of {@code gamma} and {@code beta}.
   *
   * @return {@code [channels]}
   */
  @Override
  public Shape affineShape() {
    return Shape.of(channels);
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    checkArgument(
        x.shape().rank() >= 2 && x.shape().dim(1) == channels,
        "group_norm '%s': expects [B, %s, ...], got %s", name, channels, x.shape());
    return Ops.groupNorm(x, groups, params.get(gammaKey()), params.get(betaKey()), eps);
  }
}
