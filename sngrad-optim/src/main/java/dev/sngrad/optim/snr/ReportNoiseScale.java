package dev.sngrad.optim.snr;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.transform.EmptyState;

/**
 * Passes the update through unchanged and reports the batch's {@link NoiseScale} in its {@link
 * AuxOutput}: put it in front of an optimizer without a rule (e.g. {@code chain(new
 * ReportNoiseScale(), sgd)}) to measure the noise scale there. It {@linkplain #needsGradientStats()
 * needs the per-example gradient statistics}, so the training step computes them instead of a
 * plain gradient, which costs what the statistics cost. {@link ScaleBySignalToNoise} reports the
 * noise scale itself. Immutable and pure.
 */
public record ReportNoiseScale() implements ElementwiseTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  @Override
  public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
    NoiseScaleSums noise = new NoiseScaleSums();
    return new Pass<>() {
      @Override
      public TensorPass tensor(String name, Shape shape, int chunks) {
        NoiseScaleSums.Chunk[] sums = noise.tensor(name, chunks);
        return (index, from, to) -> {
          NoiseScaleSums.Chunk chunk = NoiseScaleSums.chunk(sums, index);
          return (in, out, at, length, mean, variance) -> {
            System.arraycopy(in, 0, out, 0, length);
            return chunk.add(mean, variance, length);
          };
        };
      }

      @Override
      public Outcome<EmptyState> finish() {
        return new Outcome<>(state, AuxOutput.of(noise.result()));
      }
    };
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }

  /** True: the noise scale is computed from the per-example gradient statistics. */
  @Override
  public boolean needsGradientStats() {
    return true;
  }
}
