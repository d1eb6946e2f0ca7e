package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;
import java.util.function.ToDoubleFunction;

/**
 * Per-parameter diagnostics of the last update of a {@link ScaleBySignalToNoise} transform, keyed
 * by parameter name (e.g. {@code dense2/weight}) in parameter order. Immutable.
 *
 * @param updates number of updates taken by the state holding these diagnostics; 0 means none yet,
 *     and every layer is then {@link LayerDiagnostics#neutral}
 * @param layers the diagnostics of each parameter tensor
 */
public record SnrDiagnostics(long updates, ImmutableMap<String, LayerDiagnostics> layers) {
  /** Checks the components; see the class comment for their ranges. */
  public SnrDiagnostics {
    checkArgument(updates >= 0, "updates must be >= 0, got %s", updates);
    checkNotNull(layers, "layers");
  }

  /** The diagnostics before the first update: a neutral entry for each tensor of {@code params}. */
  public static SnrDiagnostics initial(Params params) {
    ImmutableMap.Builder<String, LayerDiagnostics> b = ImmutableMap.builder();
    params.asMap().forEach((name, t) -> b.put(name, LayerDiagnostics.neutral(t.size())));
    return new SnrDiagnostics(0, b.buildOrThrow());
  }

  /** The diagnostics of parameter {@code name}; fails listing the known names when absent. */
  public LayerDiagnostics layer(String name) {
    LayerDiagnostics d = layers.get(name);
    checkArgument(d != null, "no diagnostics for parameter '%s'; have %s", name, layers.keySet());
    return d;
  }

  /** The mean factor over all elements of all parameters (1 when there are none). */
  public double meanFactor() {
    return weighted(LayerDiagnostics::meanFactor, 1);
  }

  /** The share of all elements of all parameters whose factor was below 1. */
  public double dampedFraction() {
    return weighted(LayerDiagnostics::dampedFraction, 0);
  }

  private double weighted(ToDoubleFunction<LayerDiagnostics> f, double ifEmpty) {
    double sum = 0;
    long n = 0;
    for (LayerDiagnostics d : layers.values()) {
      sum += f.applyAsDouble(d) * d.elements();
      n += d.elements();
    }
    return n == 0 ? ifEmpty : Math.min(1, sum / n);
  }
}
