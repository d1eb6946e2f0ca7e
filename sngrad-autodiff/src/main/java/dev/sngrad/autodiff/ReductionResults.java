package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.sngrad.autodiff.tensor.Params;
import java.util.Map;

/**
 * The results of the {@link PerExampleReduction}s computed for one batch: for each reduction, one
 * tensor per parameter with the parameter's name and shape. Immutable.
 */
public final class ReductionResults {
  private static final ReductionResults NONE = new ReductionResults(ImmutableMap.of());

  private final ImmutableMap<PerExampleReduction, Params> results;

  private ReductionResults(ImmutableMap<PerExampleReduction, Params> results) {
    this.results = results;
  }

  /**
   * No reduction computed.
   *
   * @return the shared empty results
   */
  public static ReductionResults none() {
    return NONE;
  }

  /**
   * The given results, for instance of a training loop of one's own (a copy of the map; the
   * tensors are not copied and must not change).
   *
   * @param results for each reduction, its tensor for every parameter
   * @return the results
   * @throws NullPointerException if the map, a key or a value is null
   */
  public static ReductionResults of(Map<? extends PerExampleReduction, Params> results) {
    return results.isEmpty() ? NONE : new ReductionResults(ImmutableMap.copyOf(results));
  }

  /**
   * The result of {@code reduction}.
   *
   * @param reduction a reduction that was computed (looked up with {@code equals})
   * @return for every parameter, the reduction's tensor of the parameter's shape
   * @throws IllegalStateException naming the reduction and those computed when it was not
   *     computed for this batch
   */
  public Params get(PerExampleReduction reduction) {
    checkNotNull(reduction, "reduction");
    Params result = results.get(reduction);
    if (result == null) {
      throw new IllegalStateException(String.format(
          "per-example reduction '%s' (%s) was not computed for this batch (computed: %s); a transform asks"
              + " for it in GradientTransform.perExampleReductions(), a direct call passes it to"
              + " PerExample.lossAndGradStats", reduction.name(), reduction, names()));
    }
    return result;
  }

  /**
   * The reductions computed.
   *
   * @return the reductions, in the order they were requested
   */
  public ImmutableSet<PerExampleReduction> reductions() {
    return results.keySet();
  }

  private String names() {
    return results.keySet().stream().map(r -> "'" + r.name() + "'").toList().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReductionResults other && results.equals(other.results);
  }

  @Override
  public int hashCode() {
    return results.hashCode();
  }

  @Override
  public String toString() {
    return "ReductionResults" + names();
  }
}
