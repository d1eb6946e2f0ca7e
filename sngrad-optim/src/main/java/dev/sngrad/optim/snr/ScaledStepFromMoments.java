package dev.sngrad.optim.snr;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code p + scale * rule(mu, sigma^2)} for every parameter, straight from the fused moments:
 * {@link ScaleBySignalToNoise} followed by a constant scale (the learning rate) and {@code
 * Updates.apply}, in one pass. Each chunk of {@link SnrPass#CHUNK} elements runs on one of the
 * kernel's threads, block by block: the block's mean and variance ({@link
 * GradientStatsAccumulator#meanAndVariance}) into two small arrays that stay in cache, then its
 * adjusted gradient, scaled update and new parameters in one loop ({@link SnrPass#step}, the same
 * lanes in the same order). The new parameters and the blocks' arrays come from a {@link
 * BufferSource}. The same operations as the separate passes, element for element, so the same
 * bits.
 */
final class ScaledStepFromMoments {
  /** Elements per block; a multiple of 4 that divides {@link SnrPass#CHUNK}. */
  static final int BLOCK = 2048;

  private ScaledStepFromMoments() {}

  /** New parameters and diagnostics. */
  record Result(Params params, ImmutableMap<String, LayerDiagnostics> layers) {}

  /**
   * The step, or empty when a mean, variance, update or new parameter is not finite (nothing is
   * reported: the separate passes then run and name it).
   */
  static Optional<Result> apply(
      SnrPass pass, Params params, Map<String, Moments> moments, double scale, MatMulKernel kernel,
      BufferSource into) {
    ImmutableMap.Builder<String, Tensor> next = ImmutableMap.builderWithExpectedSize(params.count());
    ImmutableMap.Builder<String, LayerDiagnostics> layers = ImmutableMap.builderWithExpectedSize(params.count());
    for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
      String name = e.getKey();
      float[] p = e.getValue().rawData();
      Moments m = moments.get(name);
      int n = p.length;
      float[] out = into.floats(n);
      SnrPass.Lanes[] chunks = new SnrPass.Lanes[(n + SnrPass.CHUNK - 1) / SnrPass.CHUNK];
      // Each chunk's mean and variance blocks, taken here: a buffer source serves one thread.
      float[][] blocks = new float[2 * chunks.length][];
      for (int b = 0; b < blocks.length; b++) {
        blocks[b] = into.floats(BLOCK);
      }
      AtomicBoolean finite = new AtomicBoolean(true);
      kernel.forEachChunk(chunks.length, c -> {
        chunks[c] = new SnrPass.Lanes();
        int from = c * SnrPass.CHUNK;
        int to = Math.min(n, from + SnrPass.CHUNK);
        if (!chunk(pass, name, m, p, out, scale, from, to, blocks[2 * c], blocks[2 * c + 1], chunks[c])) {
          finite.set(false);
        }
      });
      if (!finite.get()) {
        return Optional.empty();
      }
      next.put(name, Tensor.wrap(e.getValue().shape(), out));
      layers.put(name, SnrPass.Lanes.diagnostics(chunks, n));
    }
    return Optional.of(new Result(Params.of(next.buildOrThrow()), layers.buildOrThrow()));
  }

  /**
   * Elements {@code [from, to)}, block by block in the given arrays of {@link #BLOCK} floats;
   * false as soon as a value is not finite.
   */
  private static boolean chunk(
      SnrPass pass, String name, Moments moments, float[] p, float[] out, double scale, int from, int to,
      float[] mean, float[] variance, SnrPass.Lanes lanes) {
    for (int start = from; start < to; start += BLOCK) {
      int length = Math.min(BLOCK, to - start);
      GradientStatsAccumulator.meanAndVariance(moments, start, start + length, mean, variance, 0);
      // Block-relative indices keep each element's lane: start is a multiple of 4.
      if (!pass.step(name, mean, variance, p, out, start, 0, length, scale, lanes)) {
        return false;
      }
    }
    return true;
  }
}
