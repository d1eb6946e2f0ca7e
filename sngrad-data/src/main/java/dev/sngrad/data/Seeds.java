package dev.sngrad.data;

/**
 * Derives independent 64-bit seeds from a user seed and coordinates such as (epoch, example), so
 * every random draw is reproducible and can be recomputed in any order (resumable training).
 */
final class Seeds {
  /** Stream constant for per-epoch shuffling. */
  static final long SHUFFLE = 0x5348554646L;

  /** Stream constant for per-example augmentation. */
  static final long AUGMENT = 0x4155474dL;

  /** Stream constant for label noise. */
  static final long LABEL_NOISE = 0x4e4f495345L;

  /** Stream constant for train/validation splits. */
  static final long SPLIT = 0x53504c4954L;

  private Seeds() {}

  /** Combines a seed with coordinates by chained SplitMix64 finalizers. */
  static long derive(long seed, long... coordinates) {
    long h = mix(seed ^ 0x243F6A8885A308D3L);
    for (long c : coordinates) {
      h = mix(h + 0x9E3779B97F4A7C15L + mix(c));
    }
    return h;
  }

  // SplitMix64 finalizer (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number
  // generators"), the same mixing function SplittableRandom uses.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
