package dev.sngrad.optim.snr;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sums behind a {@link NoiseScale}, gathered block by block while an update's pass runs: per
 * chunk of a tensor, {@code sum variance_j} and {@code sum mu_j^2} in double, each in four fixed
 * lanes (element {@code j} of the tensor goes to lane {@code j mod 4}, which also keeps four
 * independent additions in flight). The lanes are added as {@code (l0 + l1) + (l2 + l3)} and the
 * chunks in chunk order, so the result depends neither on the thread count nor on the machine.
 * One per update; {@link #tensor} is called on the caller's thread, each chunk's {@link
 * Chunk#add} on the chunk's thread.
 */
final class NoiseScaleSums {
  private final Map<String, Chunk[]> tensors = new LinkedHashMap<>();

  /** The {@code chunks} chunk sums of parameter {@code name}, filled by {@link #chunk}; in parameter order. */
  Chunk[] tensor(String name, int chunks) {
    Chunk[] sums = new Chunk[chunks];
    tensors.put(name, sums);
    return sums;
  }

  /** A new sum for chunk {@code index} of {@code sums}. */
  static Chunk chunk(Chunk[] sums, int index) {
    Chunk chunk = new Chunk();
    sums[index] = chunk;
    return chunk;
  }

  /** The noise scale of every tensor, once every chunk is done. */
  NoiseScale result() {
    ImmutableMap.Builder<String, NoiseScale.Layer> layers = ImmutableMap.builderWithExpectedSize(tensors.size());
    tensors.forEach((name, chunks) -> {
      double variance = 0;
      double squared = 0;
      for (Chunk c : chunks) {
        variance += c.variance();
        squared += c.squared();
      }
      layers.put(name, new NoiseScale.Layer(variance, squared));
    });
    return new NoiseScale(layers.buildOrThrow());
  }

  /**
   * The sums of one chunk: lane {@code k} of {@code variance} and {@code squared} holds the
   * chunk's elements {@code j = k mod 4}, added in order ({@link #add}, or a rule's {@link SnrPass}
   * while it reads the same statistics).
   */
  static final class Chunk {
    final double[] variance = new double[4];
    final double[] squared = new double[4];

    /**
     * Adds the block's elements {@code [0, length)}: {@code mean} and {@code variance} hold the
     * tensor's elements from a multiple of 4 on.
     *
     * @return whether the sums are still finite: false once a mean or variance was not
     */
    boolean add(float[] mean, float[] variance, int length) {
      double v0 = this.variance[0], v1 = this.variance[1], v2 = this.variance[2], v3 = this.variance[3];
      double s0 = squared[0], s1 = squared[1], s2 = squared[2], s3 = squared[3];
      int body = length & ~3;
      for (int j = 0; j < body; j += 4) {
        v0 += variance[j];
        v1 += variance[j + 1];
        v2 += variance[j + 2];
        v3 += variance[j + 3];
        double m0 = mean[j], m1 = mean[j + 1], m2 = mean[j + 2], m3 = mean[j + 3];
        s0 += m0 * m0;
        s1 += m1 * m1;
        s2 += m2 * m2;
        s3 += m3 * m3;
      }
      this.variance[0] = v0;
      this.variance[1] = v1;
      this.variance[2] = v2;
      this.variance[3] = v3;
      squared[0] = s0;
      squared[1] = s1;
      squared[2] = s2;
      squared[3] = s3;
      for (int j = body; j < length; j++) { // the tensor's last elements: lane j mod 4, as above
        this.variance[j & 3] += variance[j];
        squared[j & 3] += (double) mean[j] * mean[j];
      }
      return Double.isFinite(variance()) && Double.isFinite(squared());
    }

    double variance() {
      return (variance[0] + variance[1]) + (variance[2] + variance[3]);
    }

    double squared() {
      return (squared[0] + squared[1]) + (squared[2] + squared[3]);
    }
  }
}
