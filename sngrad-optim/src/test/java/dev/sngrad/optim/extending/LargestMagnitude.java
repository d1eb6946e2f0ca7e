package dev.sngrad.optim.extending;

import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;

// [extending:reduction]
/** The largest per-example magnitude of each element, {@code max_i |g_i|}. */
public record LargestMagnitude() implements PerExampleReduction {
  @Override
  public String name() {
    return "largest magnitude";
  }

  @Override
  public Accumulator start(String parameter, Shape shape) {
    float[] largest = new float[shape.size()];
    return new Accumulator() {
      @Override
      public void add(Tensor perExample) { // [b, ...shape]: b examples; read it now, it is reused
        for (int k = 0; k < perExample.size(); k++) {
          int j = k % largest.length;
          largest[j] = Math.max(largest[j], Math.abs(perExample.getFlat(k)));
        }
      }

      @Override
      public Tensor finish() {
        return Tensor.of(shape, largest);
      }
    };
  }
}
// [extending:reduction]
