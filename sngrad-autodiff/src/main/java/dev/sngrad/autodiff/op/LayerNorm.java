package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;
import java.util.List;

/**
 * Layer normalization as PyTorch's {@code torch.nn.LayerNorm(normalized_shape = gamma.shape)}:
 * {@code x} of shape {@code [..., d1, ..., dk]}, {@code gamma} and {@code beta} of the trailing
 * shape {@code [d1, ..., dk]}; every block of {@code d1 * ... * dk} trailing elements is normalized
 * with its own mean and population variance, {@code y = (x - mean) / sqrt(var + eps) * gamma +
 * beta}, elementwise affine. With {@code gamma} of shape {@code x.shape[1:]} each example is
 * normalized over all its axes; with {@code [d]} only over the last axis. See {@link
 * AffineNormalization} for the VJPs and the per-example rule.
 *
 * <p>In a per-example computation the normalized axes must not include the example axis: the
 * transform refuses a {@code gamma} as large as {@code x}, which would mix examples.
 */
final class LayerNorm extends AffineNormalization {
  LayerNorm(double eps) {
    super(eps);
  }

  @Override
  public String name() {
    return "layer_norm";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 3, "layer_norm takes 3 inputs (x, gamma, beta), got %s", in.size());
    Shape x = in.get(0);
    Shape gamma = in.get(1);
    Shape beta = in.get(2);
    checkArgument(
        isTrailingShape(gamma, x) && gamma.size() > 0,
        "layer_norm: gamma %s is not a trailing shape of the input %s (the normalized shape must be its last axes)",
        gamma, x);
    checkArgument(beta.equals(gamma), "layer_norm: beta %s differs from gamma %s (input %s)", beta, gamma, x);
    return x;
  }

  private static boolean isTrailingShape(Shape trailing, Shape x) {
    int offset = x.rank() - trailing.rank();
    if (trailing.rank() < 1 || offset < 0) {
      return false;
    }
    for (int a = 0; a < trailing.rank(); a++) {
      if (trailing.dim(a) != x.dim(offset + a)) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected Layout layout(Shape x, Shape gamma) {
    return new Layout(gamma.size(), 1, gamma.size());
  }

  /** Also refuses a normalized shape that covers the example axis. */
  @Override
  public void checkExampleAxis(List<Shape> in, boolean[] mapped) {
    checkArgument(
        !mapped[0] || in.get(1).rank() < in.get(0).rank(),
        "layer_norm: the normalized shape %s covers the example axis (axis 0) of %s; normalizing over it mixes examples",
        in.get(1), in.get(0));
    super.checkExampleAxis(in, mapped);
  }
}
