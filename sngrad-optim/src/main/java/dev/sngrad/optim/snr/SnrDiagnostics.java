package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-parameter diagnostics of one update of a {@link ScaleBySignalToNoise} transform, keyed by
 * parameter name (e.g. {@code dense2/weight}) in parameter order: the transform's auxiliary output
 * ({@link dev.sngrad.optim.AuxOutput}), not part of its state. Immutable.
 *
 * @param layers the diagnostics of each parameter tensor
 */
public record SnrDiagnostics(ImmutableMap<String, LayerDiagnostics> layers) {
  /**
   * Checks the components.
   *
   * @param layers the diagnostics of each parameter tensor, keyed by parameter name
   * @throws NullPointerException if {@code layers} is null
   */
  public SnrDiagnostics {
    checkNotNull(layers, "layers");
  }

  /**
   * The diagnostics of parameter {@code name}.
   *
   * @param name a parameter name, e.g. {@code dense2/weight}
   * @return what the rule did to that tensor
   * @throws IllegalArgumentException listing the known names when {@code name} is absent
   */
  public LayerDiagnostics layer(String name) {
    LayerDiagnostics d = layers.get(name);
    checkArgument(d != null, "no diagnostics for parameter '%s'; have %s", name, layers.keySet());
    return d;
  }

  /**
   * The mean factor over all elements of all parameters (1 when there are none).
   *
   * @return the element-weighted mean of the layers' mean factors, in {@code [0, 1]}
   */
  public double meanFactor() {
    return weighted(LayerDiagnostics::meanFactor, 1);
  }

  /**
   * The share of all elements of all parameters whose factor was below 1.
   *
   * @return a fraction in {@code [0, 1]}, 0 when there are no elements
   */
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
