package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;
import java.util.List;

/**
 * Group normalization as PyTorch's {@code torch.nn.GroupNorm(groups, C)}: {@code x} of shape {@code
 * [B, C, ...spatial]}; the {@code C} channels of each example fall into {@code groups} consecutive
 * groups of {@code C / groups}, and each group is normalized over its channels and all spatial
 * positions with its own mean and population variance, {@code xhat = (x - mean) / sqrt(var + eps)};
 * then {@code y[b, c, ...] = xhat[b, c, ...] * gamma[c] + beta[c]} with per-channel {@code gamma}
 * and {@code beta} of shape {@code [C]}. One group is layer normalization over all non-batch axes
 * with a per-channel affine map; {@code C} groups is instance normalization. See {@link
 * AffineNormalization} for the VJPs and the per-example rule; axis 0 is always the batch, so groups
 * never span examples.
 */
final class GroupNorm extends AffineNormalization {
  private final int groups;

  GroupNorm(int groups, double eps) {
    super(eps);
    checkArgument(groups > 0, "group_norm: the number of groups must be positive, got %s", groups);
    this.groups = groups;
  }

  @Override
  public String name() {
    return "group_norm";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 3, "group_norm takes 3 inputs (x, gamma, beta), got %s", in.size());
    Shape x = in.get(0);
    Shape gamma = in.get(1);
    Shape beta = in.get(2);
    checkArgument(x.rank() >= 2, "group_norm: the input %s needs axes [B, C, ...]", x);
    checkArgument(x.innerSize(1) > 0, "group_norm: the input %s has an empty spatial axis", x);
    int channels = x.dim(1);
    checkArgument(
        channels > 0 && channels % groups == 0,
        "group_norm: %s channels (axis 1 of %s) do not split into %s groups of equal size", channels, x, groups);
    checkArgument(
        gamma.equals(Shape.of(channels)) && beta.equals(Shape.of(channels)),
        "group_norm: gamma %s and beta %s must both be [%s], the channels of the input %s", gamma, beta, channels, x);
    return x;
  }

  @Override
  protected Layout layout(Shape x, Shape gamma) {
    int channels = x.dim(1);
    int spatial = x.innerSize(1);
    return new Layout(channels / groups * spatial, spatial, channels);
  }

  @Override
  public String toString() {
    return name() + "(groups=" + groups + ", eps=" + eps + ")";
  }
}
