package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StateReader;
import dev.sngrad.optim.StateWriter;
import java.util.Map;

/**
 * The state of {@link ScaleBySignalToNoise}: the rule needs no memory, so the state only carries
 * the diagnostics of the last update. Immutable.
 *
 * <p>Flattened (see {@link dev.sngrad.optim.OptStates}) as {@code snr/updates} and, per parameter,
 * {@code snr/layers/<param>}: the exact encoding of its {@link LayerDiagnostics} as five longs
 * ({@code elements}, the bits of {@code meanFactor}, the bits of {@code dampedFraction}, {@code
 * noisyElements}, the bits of {@code meanSignalToNoise}). The diagnostics are derived data, but
 * saving them is cheap and makes a restored state equal to the saved one.
 *
 * @param diagnostics what the last update did, per parameter
 */
public record SnrState(SnrDiagnostics diagnostics) implements OptState {
  private static final int LAYER_FIELDS = 5;

  /** Checks the components; see the class comment for their ranges. */
  public SnrState {
    checkNotNull(diagnostics, "diagnostics");
  }

  @Override
  public void flattenInto(StateWriter out) {
    StateWriter snr = out.child("snr");
    snr.putLong("updates", diagnostics.updates());
    StateWriter layers = snr.child("layers");
    diagnostics.layers().forEach(
        (name, d) -> layers.putLongs(
            name, d.elements(), Double.doubleToRawLongBits(d.meanFactor()),
            Double.doubleToRawLongBits(d.dampedFraction()), d.noisyElements(),
            Double.doubleToRawLongBits(d.meanSignalToNoise())));
  }

  @Override
  public SnrState restoreFrom(StateReader in) {
    StateReader snr = in.child("snr");
    long updates = snr.readLong("updates");
    checkArgument(updates >= 0, "optimizer state '%s' must be >= 0, got %s", snr.path("updates"), updates);
    StateReader layers = snr.child("layers");
    ImmutableMap.Builder<String, LayerDiagnostics> restored =
        ImmutableMap.builderWithExpectedSize(diagnostics.layers().size());
    for (Map.Entry<String, LayerDiagnostics> e : diagnostics.layers().entrySet()) {
      restored.put(e.getKey(), layer(layers, e.getKey(), e.getValue().elements()));
    }
    return new SnrState(new SnrDiagnostics(updates, restored.buildOrThrow()));
  }

  private static LayerDiagnostics layer(StateReader layers, String name, int elements) {
    String path = layers.path(name);
    long[] v = layers.readLongs(name, LAYER_FIELDS);
    checkArgument(
        v[0] == elements, "optimizer state '%s' describes %s elements, but the parameter has %s",
        path, v[0], elements);
    checkArgument(
        v[3] >= 0 && v[3] <= elements, "optimizer state '%s' has %s noisy elements, expected 0 to %s",
        path, v[3], elements);
    try {
      return new LayerDiagnostics(
          elements, Double.longBitsToDouble(v[1]), Double.longBitsToDouble(v[2]), (int) v[3],
          Double.longBitsToDouble(v[4]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("optimizer state '" + path + "': " + e.getMessage(), e);
    }
  }
}
