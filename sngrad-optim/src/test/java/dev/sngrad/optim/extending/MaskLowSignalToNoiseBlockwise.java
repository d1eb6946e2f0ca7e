package dev.sngrad.optim.extending;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.transform.EmptyState;

// [extending:rule-elementwise]
/** {@link MaskLowSignalToNoise}, block by block: a chain of it and our leaves runs in one pass. */
public record MaskLowSignalToNoiseBlockwise(double k) implements ElementwiseTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public boolean needsGradientStats() {
    return true; // the blocks then carry the mean and variance of their elements
  }

  @Override
  public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
    return Pass.of((in, out, at, length, mean, variance) -> {
      for (int j = 0; j < length; j++) {
        if (!(Float.isFinite(mean[j]) && Float.isFinite(variance[j]))) {
          return false; // the training step then reports the non-finite gradient
        }
        out[j] = Math.abs(mean[j]) < k * Math.sqrt(variance[j]) ? 0f : in[j];
      }
      return true;
    }, state);
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }
}
// [extending:rule-elementwise]
