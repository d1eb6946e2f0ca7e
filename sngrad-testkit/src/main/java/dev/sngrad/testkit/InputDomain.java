package dev.sngrad.testkit;

import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/** Where an {@link OpCase} draws its input values: points at which the op is smooth. */
public enum InputDomain {
  /** Standard normal. */
  ANY,
  /** Uniform in [0.5, 2]: log, sqrt, division. */
  POSITIVE,
  /** Normal, pushed at least 0.1 away from 0: the kink of relu. */
  AWAY_FROM_ZERO,
  /** A random permutation of the well-separated values {@code 0, 0.3, 0.6, ...}: max has no ties. */
  DISTINCT;

  /**
   * Draws a tensor of this domain.
   *
   * @param shape the shape of the tensor
   * @param rng the source of randomness, advanced by the draw
   * @return the values, row-major
   */
  public Tensor draw(Shape shape, SplittableRandom rng) {
    float[] v = new float[shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (this) {
        case ANY -> (float) gaussian(rng);
        case POSITIVE -> (float) rng.nextDouble(0.5, 2.0);
        case AWAY_FROM_ZERO -> {
          double g = gaussian(rng);
          yield (float) (g + Math.copySign(0.1, g));
        }
        case DISTINCT -> 0.3f * i;
      };
    }
    if (this == DISTINCT) {
      for (int i = v.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        float t = v[i];
        v[i] = v[j];
        v[j] = t;
      }
    }
    return TensorArrays.wrap(shape, v);
  }

  private static double gaussian(SplittableRandom rng) {
    return Tensor.normal(Shape.scalar(), 1f, rng).item();
  }
}
