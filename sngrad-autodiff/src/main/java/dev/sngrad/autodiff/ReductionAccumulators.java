package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The accumulators of a set of {@link PerExampleReduction}s over one batch, one per reduction and
 * parameter, started for the parameters of {@code params}. Mutable, for one pass of {@link
 * PerExample}.
 */
final class ReductionAccumulators {
  private final ImmutableMap<PerExampleReduction, Map<String, PerExampleReduction.Accumulator>> accumulators;
  private final Params params;

  ReductionAccumulators(ImmutableSet<PerExampleReduction> reductions, Params params) {
    this.params = params;
    ImmutableMap.Builder<PerExampleReduction, Map<String, PerExampleReduction.Accumulator>> b =
        ImmutableMap.builderWithExpectedSize(reductions.size());
    for (PerExampleReduction r : reductions) {
      Map<String, PerExampleReduction.Accumulator> byParameter = new LinkedHashMap<>();
      params.asMap().forEach((name, p) -> byParameter.put(name, r.start(name, p.shape())));
      b.put(r, byParameter);
    }
    this.accumulators = b.buildOrThrow();
  }

  /** Adds parameter {@code name}'s gradients of the next examples {@code [b, ...s]} to every reduction. */
  void add(String name, Tensor perExample) {
    for (Map<String, PerExampleReduction.Accumulator> byParameter : accumulators.values()) {
      byParameter.get(name).add(perExample);
    }
  }

  /** Finishes every accumulator; fails naming the reduction, parameter and shapes on a wrong shape. */
  ReductionResults finish() {
    if (accumulators.isEmpty()) {
      return ReductionResults.none();
    }
    Map<PerExampleReduction, Params> results = new LinkedHashMap<>();
    accumulators.forEach((reduction, byParameter) -> {
      Params.Builder out = Params.builder();
      byParameter.forEach((name, accumulator) -> {
        Tensor t = checkNotNull(
            accumulator.finish(), "per-example reduction '%s' gave null for parameter '%s'", reduction.name(), name);
        checkArgument(
            t.shape().equals(params.get(name).shape()),
            "per-example reduction '%s' gave %s for parameter '%s' of shape %s", reduction.name(), t.shape(),
            name, params.get(name).shape());
        out.put(name, t);
      });
      results.put(reduction, out.build());
    });
    return ReductionResults.of(results);
  }
}
