package dev.sngrad.nn.layer;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A normalization layer with a learned affine map {@code y = xhat * gamma + beta}: {@code gamma}
 * under {@code name/gamma} starts at 1 and {@code beta} under {@code name/beta} at 0, both of shape
 * {@link #affineShape()}, so that a fresh layer passes the normalized input on unchanged.
 */
public interface NormalizationLayer extends Layer {
  /**
   * The shape of {@code gamma} and {@code beta}.
   *
   * @return {@code [channels]} for group normalization, the normalized shape for layer normalization
   */
  Shape affineShape();

  /**
   * Key of the scale.
   *
   * @return {@code name() + "/gamma"}
   */
  default String gammaKey() {
    return name() + "/gamma";
  }

  /**
   * Key of the shift.
   *
   * @return {@code name() + "/beta"}
   */
  default String betaKey() {
    return name() + "/beta";
  }

  /** {@code gamma} all ones and {@code beta} all zeros; draws nothing from {@code rng}. */
  @Override
  default Params init(SplittableRandom rng) {
    return Params.builder()
        .put(gammaKey(), Tensor.full(affineShape(), 1f))
        .put(betaKey(), Tensor.zeros(affineShape()))
        .build();
  }
}
