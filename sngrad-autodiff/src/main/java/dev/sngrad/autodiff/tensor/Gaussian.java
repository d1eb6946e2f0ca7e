package dev.sngrad.autodiff.tensor;

import java.util.SplittableRandom;

/**
 * Standard-normal samples from a {@link SplittableRandom}. Java 17's {@code
 * SplittableRandom.nextGaussian()} is specified only loosely (its algorithm changed in Java 19),
 * so a seed would give different weights on different JDKs. The Marsaglia polar method here
 * depends only on {@code nextDouble()}, whose output is fixed by the seed on every JDK.
 */
final class Gaussian {
  private Gaussian() {}

  static double next(SplittableRandom rng) {
    // Marsaglia & Bray (1964), the polar form of Box-Muller; the second value is discarded so
    // that no state lives outside the caller's generator.
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
