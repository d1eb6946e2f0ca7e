package dev.sngrad.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import java.util.SplittableRandom;

/**
 * Maximum over {@code kernel x kernel} windows, {@code stride} apart, of {@code [B, C, H, W]},
 * without padding: {@code [B, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1]}. The
 * gradient of a window goes to its first maximum in scan order (see {@link Ops#maxPool2d}). No
 * parameters.
 *
 * @param name the layer's name, unique within a model
 * @param kernel the window's height and width, positive
 * @param stride the step between windows, positive
 */
public record MaxPool2d(String name, int kernel, int stride) implements Layer {
  /**
   * Checks the window.
   *
   * @param name the layer's name
   * @param kernel the window's height and width
   * @param stride the step between windows
   * @throws IllegalArgumentException naming the layer when the kernel or stride is not positive
   */
  public MaxPool2d {
    checkArgument(kernel > 0 && stride > 0, "MaxPool2d '%s': kernel and stride must be positive, got %s and %s", name, kernel, stride);
  }

  @Override
  public Params init(SplittableRandom rng) {
    return Params.empty();
  }

  @Override
  public Var apply(Vars params, Var x, Phase phase) {
    return Ops.maxPool2d(x, kernel, stride);
  }
}
