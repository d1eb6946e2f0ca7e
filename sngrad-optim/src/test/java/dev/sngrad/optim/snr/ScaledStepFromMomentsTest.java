package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.GradientStatsAccumulator;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.FusedStep;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.StepContext;
import dev.sngrad.optim.Update;
import dev.sngrad.optim.Updates;
import dev.sngrad.optim.transform.ChainState;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass step of SGD on the adjusted gradient from fused moments against the separate
 * passes it replaces: snapshot, rule, learning rate, {@code Updates.apply}. They must agree bit for
 * bit, diagnostics included.
 */
class ScaledStepFromMomentsTest {
  /** Sizes: two chunks with a partial block, a vector tail, a small tensor and a single element. */
  private static final int[] SIZES = {SnrPass.CHUNK + 3 * ScaledStepFromMoments.BLOCK + 517, 131, 67, 1};

  @Test
  void givesTheBitsOfTheSeparatePasses() {
    SplittableRandom rng = new SplittableRandom(21);
    for (int examples : new int[] {64, 50, 1}) {
      Params params = params(rng);
      Map<String, Moments> moments = moments(params, examples, rng);
      for (SnrRule rule : SnrRule.values()) {
        for (double alpha : new double[] {1e-3, 0.1, 3}) {
          for (MatMulKernel kernel : new MatMulKernel[] {MatMulKernel.scalar(1), MatMulKernel.parallel(2)}) {
            GradientTransform<ChainState> sgdSnr = Optimizers.sgdSnr(0.05, rule, alpha);
            OptState state = sgdSnr.init(params);
            Optional<FusedStep.Step> fused = ((FusedStep) sgdSnr)
                .stepFromMoments(params, ImmutableMap.copyOf(moments), state, StepContext.of(params, 0).withKernel(kernel), BufferSource.filledWith(Float.NaN));
            Update<ChainState> separate = separateUpdate(sgdSnr, moments, params, state, kernel);

            String what = "rule " + rule + ", alpha " + alpha + ", " + examples + " examples, " + kernel;
            assertThat(fused).as(what).isPresent();
            assertThat(fused.get().params()).as(what).isEqualTo(Updates.apply(params, separate.updates()));
            assertThat(fused.get().state()).as(what).isEqualTo(separate.state());
          }
        }
      }
    }
  }

  @Test
  void nonFiniteValuesLeaveTheStepToTheSeparatePasses() {
    SplittableRandom rng = new SplittableRandom(22);
    Params params = params(rng);
    Map<String, Moments> moments = moments(params, 8, rng);
    FusedStep huge = (FusedStep) Optimizers.sgdSnr(1e38, SnrRule.I, 1e-6);
    assertThat(huge.stepFromMoments(params, ImmutableMap.copyOf(moments),
        ((GradientTransform<?>) huge).init(params), StepContext.of(params, 0), BufferSource.fresh())).as("update overflows").isEmpty();

    Moments w = moments.get("w0");
    float[] sum = w.sum().rawData().clone();
    sum[sum.length - 1] = Float.NaN;
    ImmutableMap<String, Moments> withNaN = ImmutableMap.<String, Moments>builder()
        .putAll(moments).put("w0", new Moments(w.count(), Tensor.wrap(w.sum().shape(), sum), w.sumOfSquares()))
        .buildKeepingLast();
    GradientTransform<ChainState> sgdSnr = Optimizers.sgdSnr(0.1, SnrRule.II, 0.05);
    assertThat(((FusedStep) sgdSnr).stepFromMoments(params, withNaN, sgdSnr.init(params), StepContext.of(params, 0), BufferSource.fresh()))
        .as("a NaN mean").isEmpty();
  }

  @Test
  void onlySgdOnTheAdjustedGradientTakesStepsFromMoments() {
    assertThat(((FusedStep) Optimizers.sgdSnr(0.1, SnrRule.III, 0.1)).takesStepsFromMoments()).isTrue();
    assertThat(((FusedStep) Optimizers.momentumSnr(0.1, 0.9, false, SnrRule.III, 0.1)).takesStepsFromMoments())
        .isFalse();
    assertThat(((FusedStep) Optimizers.adamSnr(0.1, SnrRule.I, 0.1)).takesStepsFromMoments()).isFalse();
  }

  private static Update<ChainState> separateUpdate(
      GradientTransform<ChainState> optimizer, Map<String, Moments> moments, Params params, OptState state,
      MatMulKernel kernel) {
    GradientStatsAccumulator acc = new GradientStatsAccumulator();
    moments.forEach(acc::addMoments);
    GradientStats stats = acc.snapshot(kernel);
    return optimizer.update(stats.mean(), optimizer.castState(state), StepContext.withStats(params, stats, 0).withKernel(kernel));
  }

  private static Params params(SplittableRandom rng) {
    Params.Builder b = Params.builder();
    for (int i = 0; i < SIZES.length; i++) {
      b.put("w" + i, Tensor.normal(Shape.of(SIZES[i]), 0.1f, rng));
    }
    return b.build();
  }

  /**
   * Float sums of {@code examples} per-example gradients for every parameter, with some elements
   * whose examples agree (zero variance), whose gradients are all zero, or whose spread is tiny.
   */
  private static Map<String, Moments> moments(Params params, int examples, SplittableRandom rng) {
    ImmutableMap.Builder<String, Moments> b = ImmutableMap.builder();
    params.asMap().forEach((name, p) -> {
      int size = p.size();
      float[] sum = new float[size];
      float[] sumOfSquares = new float[size];
      for (int j = 0; j < size; j++) {
        int kind = j % 11;
        double scale = Math.pow(10, rng.nextInt(-6, 2));
        double mean = scale * rng.nextGaussian();
        for (int i = 0; i < examples; i++) {
          float g = switch (kind) {
            case 0 -> (float) mean; // identical examples
            case 1 -> 0f;
            case 2 -> (float) (mean * (1 + 1e-7 * rng.nextGaussian())); // a spread near rounding
            default -> (float) (mean + scale * rng.nextGaussian());
          };
          sum[j] += g;
          sumOfSquares[j] += g * g;
        }
      }
      b.put(name, new Moments(examples, Tensor.wrap(p.shape(), sum), Tensor.wrap(p.shape(), sumOfSquares)));
    });
    return b.buildOrThrow();
  }
}
