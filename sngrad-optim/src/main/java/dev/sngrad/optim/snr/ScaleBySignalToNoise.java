package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.transform.EmptyState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signal-to-noise transform: {@code u_out = u * factor(mu, sigma^2)} elementwise, where {@code
 * mu} and {@code sigma^2} are the mean and population variance of the per-example gradients from
 * {@link StepContext#stats()} and the factor comes from {@link SnrRule#factor}. Because it scales
 * the incoming update, it composes after other transforms (e.g. clipping); as the first transform
 * of a chain the incoming update is {@code mu} itself and the output is the rule's adjusted
 * gradient {@code mu * factor}.
 *
 * <p>{@link #needsGradientStats()} is true; an update without statistics fails naming {@code
 * PerExample.gradStats}. The rule keeps no state ({@link EmptyState}); each update reports
 * per-parameter {@link SnrDiagnostics} in its {@link AuxOutput}: mean factor and share of damped
 * elements, followed by the batch's gradient {@link NoiseScale}. It
 * is an {@link ElementwiseTransform}, so a chain of it and other elementwise transforms runs in
 * one pass over each block.
 *
 * <p>See {@link SnrRule} for how {@code alpha} and {@code epsilon} map to the original code's
 * values ({@code alpha_ours = alpha_orig / 10} for rules I and III when training on standard mean
 * cross-entropy). Immutable and pure.
 *
 * @param rule the rule
 * @param alpha finite and {@code > 0}
 * @param epsilon finite and {@code >= 0}; 0 for the exact rules, ignored by rule III
 */
public record ScaleBySignalToNoise(SnrRule rule, double alpha, double epsilon)
    implements ElementwiseTransform<EmptyState> {
  /**
   * Checks the components; see the class comment for their ranges.
   *
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @param epsilon added to the rule's denominator, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code alpha} or {@code epsilon} is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public ScaleBySignalToNoise {
    checkNotNull(rule, "rule");
    SnrRule.checkParameters(alpha, epsilon);
  }

  /**
   * The transform for {@code rule} with {@code alpha} and {@code epsilon}; see the class comment.
   *
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @param epsilon added to the rule's denominator, finite and {@code >= 0}
   * @return the transform
   * @throws IllegalArgumentException if {@code alpha} or {@code epsilon} is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static ScaleBySignalToNoise of(SnrRule rule, double alpha, double epsilon) {
    return new ScaleBySignalToNoise(rule, alpha, epsilon);
  }

  @Override
  public EmptyState init(Params params) {
    return EmptyState.instance();
  }

  /**
   * Runs the rule's pass ({@link SnrPass}) on every block; the auxiliary output is the update's
   * {@link SnrDiagnostics} followed by the batch's {@link NoiseScale}, both summed by the rule's
   * pass from the statistics it reads.
   */
  @Override
  public Pass<EmptyState> start(EmptyState state, StepContext ctx) {
    SnrPass pass = SnrPass.of(rule, alpha, epsilon);
    Map<String, SnrPass.Lanes[]> chunksOfTensors = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    NoiseScaleSums noise = new NoiseScaleSums();
    return new Pass<>() {
      @Override
      public TensorPass tensor(String name, Shape shape, int chunks) {
        SnrPass.Lanes[] lanes = new SnrPass.Lanes[chunks];
        chunksOfTensors.put(name, lanes);
        sizes.put(name, shape.size());
        NoiseScaleSums.Chunk[] noiseSums = noise.tensor(name, chunks);
        return (index, from, to) -> {
          SnrPass.Lanes chunk = new SnrPass.Lanes();
          lanes[index] = chunk;
          noiseSums[index] = chunk.noise;
          // Block-relative indices keep each element's lane: a block starts at a multiple of 4.
          return (in, out, at, length, mean, variance) -> pass.apply(in, mean, variance, out, 0, length, chunk);
        };
      }

      @Override
      public Outcome<EmptyState> finish() {
        ImmutableMap.Builder<String, LayerDiagnostics> layers = ImmutableMap.builderWithExpectedSize(sizes.size());
        chunksOfTensors.forEach((name, lanes) -> layers.put(name, SnrPass.Lanes.diagnostics(lanes, sizes.get(name))));
        return new Outcome<>(state, AuxOutput.of(new SnrDiagnostics(layers.buildOrThrow())).plus(AuxOutput.of(noise.result())));
      }
    };
  }

  @Override
  public Class<EmptyState> stateType() {
    return EmptyState.class;
  }

  /** True: the factor needs the per-example gradient statistics of every batch. */
  @Override
  public boolean needsGradientStats() {
    return true;
  }
}
