package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Verify;
import com.google.common.collect.Iterables;
import com.google.common.collect.Sets;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Saves optimizer state in checkpoints: {@link #flatten} turns any {@link OptState} into an ordered
 * {@link Params} of float32 tensors with stable slash-separated paths, and {@link #restore} turns
 * such tensors back into the state of a given transform. {@code restore(t, p, flatten(s))} equals
 * {@code s} for every state {@code s} of {@code t} on parameters of the shapes of {@code p}, so
 * training continues bit for bit from a restored state.
 *
 * <p><b>Paths.</b> Each leaf state writes under its kind, a chain under the index of each
 * transform (from 0), and tensors shaped like the parameters under the parameter's own name:
 *
 * <pre>{@code
 * momentum(lr, 0.9, false)   0/momentum/trace/dense1/weight, ..., 1/empty
 * adam(lr)                   0/adam/count, 0/adam/mu/dense1/weight, ..., 0/adam/nu/dense1/weight, ..., 1/empty
 * adamSnr(lr, rule, alpha)   0/empty, 1/adam/count, ..., 2/empty
 * scaleBySchedule(s)         schedule/count
 * }</pre>
 *
 * <p>A stateless transform writes a marker of shape {@code [0]} named {@code empty}, so that every
 * transform of a chain leaves a trace and, say, an Adam checkpoint does not restore silently into
 * AdamW. Counts are {@code long}s stored exactly as four 16-bit limbs (see {@link StateWriter}).
 *
 * <p>The signal-to-noise transforms keep no state (their diagnostics are an auxiliary output of
 * each update, {@link AuxOutput}). Checkpoints written while the state still held the diagnostics
 * of the last update ({@code <prefix>snr/updates} and {@code <prefix>snr/layers/<param>}) are read
 * as the empty state they now are: those derived tensors are dropped.
 *
 * <p>The paths do not record the transforms' configuration (learning rate, decay, Nesterov or not,
 * the SNR rule): a momentum checkpoint restores into a Nesterov momentum of the same parameters.
 * Keep the configuration in the checkpoint's metadata.
 */
public final class OptStates {
  private static final int DESCRIBED_PATHS = 8;
  /** The path, below a transform's prefix, that marks the diagnostics of older checkpoints. */
  private static final String LEGACY_DIAGNOSTICS = "snr/updates";

  private OptStates() {}

  /**
   * The tensors of {@code state} (not modified) under the paths of the class comment, in a stable
   * order: sub-states in chain order, then fields, then parameters in parameter order. The tensors
   * are shared with {@code state}, not copied; both are immutable.
   *
   * @param state any optimizer state, e.g. from {@link GradientTransform#init} or an update
   * @return the state's tensors by path, as a checkpoint stores them
   * @throws NullPointerException if {@code state} is null
   */
  public static Params flatten(OptState state) {
    checkNotNull(state, "state");
    StateWriter out = StateWriter.root();
    state.flattenInto(out);
    return out.written();
  }

  /**
   * The state of {@code transform} for parameters shaped like {@code params} held in {@code
   * flattened}, as written by {@link #flatten}. The structure comes from {@code
   * transform.init(params)}; {@code flattened} must hold exactly its paths with its shapes, in any
   * order. None of the arguments is modified.
   *
   * @param transform the transform the state belongs to; its {@code init} gives the structure
   * @param params parameters with the names and shapes the state was saved for (values unused)
   * @param flattened the tensors by path, as {@link #flatten} wrote them
   * @param <S> the transform's state type
   * @return the restored state, equal to the state that was flattened
   * @throws IllegalArgumentException naming the first missing or mis-shaped path, or the paths
   *     {@code transform} does not use (e.g. for Adam's state restored into momentum, or for a
   *     checkpoint of other parameters)
   */
  public static <S extends OptState> S restore(GradientTransform<S> transform, Params params, Params flattened) {
    checkNotNull(transform, "transform");
    checkNotNull(flattened, "flattened");
    S template = transform.init(params);
    Set<String> read = new HashSet<>();
    Params current = withoutDiagnostics(flattened);
    OptState restored = template.restoreFrom(StateReader.root(current, read));
    Set<String> unread = Sets.difference(current.asMap().keySet(), read);
    checkArgument(
        unread.isEmpty(),
        "optimizer state has tensors this optimizer does not use: %s; it was saved from a different"
            + " optimizer or for other parameters", describe(unread));
    Verify.verify(
        transform.stateType().isInstance(restored), "%s.restoreFrom gave a %s",
        template.getClass().getSimpleName(), restored.getClass().getSimpleName());
    return transform.stateType().cast(restored);
  }

  /**
   * {@code flattened} with the signal-to-noise diagnostics of older checkpoints ({@code
   * <prefix>snr/...}) replaced by the {@code <prefix>empty} marker of the stateless transform.
   */
  private static Params withoutDiagnostics(Params flattened) {
    Set<String> prefixes = new HashSet<>();
    for (String path : flattened.asMap().keySet()) {
      if (path.equals(LEGACY_DIAGNOSTICS) || path.endsWith("/" + LEGACY_DIAGNOSTICS)) {
        prefixes.add(path.substring(0, path.length() - LEGACY_DIAGNOSTICS.length()));
      }
    }
    if (prefixes.isEmpty()) {
      return flattened;
    }
    Map<String, Tensor> kept = new LinkedHashMap<>();
    for (String prefix : prefixes) {
      kept.put(prefix + "empty", Tensor.zeros(0));
    }
    flattened.asMap().forEach((path, t) -> {
      if (prefixes.stream().noneMatch(prefix -> path.startsWith(prefix + "snr/"))) {
        kept.put(path, t);
      }
    });
    return Params.of(kept);
  }

  /** Up to a few of {@code paths}, e.g. {@code [0/adam/count, 0/adam/mu/w, ... (12 more)]}. */
  static String describe(Set<String> paths) {
    if (paths.isEmpty()) {
      return "no tensors";
    }
    StringBuilder sb = new StringBuilder("[");
    sb.append(String.join(", ", Iterables.limit(paths, DESCRIBED_PATHS)));
    if (paths.size() > DESCRIBED_PATHS) {
      sb.append(", ... (").append(paths.size() - DESCRIBED_PATHS).append(" more)");
    }
    return sb.append(']').toString();
  }
}
