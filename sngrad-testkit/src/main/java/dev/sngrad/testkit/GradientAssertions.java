package dev.sngrad.testkit;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.tensor.Params;
import java.util.function.Function;

/**
 * Assertions that reverse-mode gradients match finite differences, built on {@link GradCheck}
 * (sngrad-autodiff's {@code check} package, which holds the numerics and needs no test framework).
 * Use {@link GradCheck} directly for the raw {@link GradCheck.Result}; use these in tests.
 */
public final class GradientAssertions {
  private GradientAssertions() {}

  /**
   * Checks {@code f} at {@code at} in {@code directions} random directions, with seeds {@code
   * options.seed()}, {@code options.seed() + 1}, ...: each must pass {@link GradCheck#directional}.
   *
   * @param what names the function in a failure message, e.g. {@code "softplus [3, 4]"}
   * @param f the function of the parameters; any output shape
   * @param at the point of the check; not modified
   * @param options step and tolerances ({@link GradCheck.Options#defaults()} suits values of order one)
   * @param directions how many random directions, at least 1
   * @throws AssertionError naming {@code what}, the direction, and the analytic and numeric values
   * @throws IllegalArgumentException if {@code directions < 1}, or as {@code f} throws
   */
  public static void assertVjpMatchesFiniteDifferences(
      String what, Function<Vars, Var> f, Params at, GradCheck.Options options, int directions) {
    if (directions < 1) {
      throw new IllegalArgumentException("directions must be at least 1, got " + directions);
    }
    for (int d = 0; d < directions; d++) {
      GradCheck.Result r = GradCheck.directional(f, at, options.withSeed(options.seed() + d));
      if (!r.passed()) {
        throw new AssertionError(what + ": gradient differs from central differences: " + r + "; options " + options);
      }
    }
  }

  /**
   * Checks every coordinate of the gradient separately ({@link GradCheck#elementwise}); costs two
   * evaluations of {@code f} per parameter element, so keep the parameters small.
   *
   * @param what names the function in a failure message
   * @param f the function of the parameters
   * @param at the point of the check; not modified
   * @param options step and tolerances
   * @throws AssertionError naming {@code what}, the worst parameter element, and its values
   */
  public static void assertGradientMatchesFiniteDifferencesElementwise(
      String what, Function<Vars, Var> f, Params at, GradCheck.Options options) {
    GradCheck.Result r = GradCheck.elementwise(f, at, options);
    if (!r.passed()) {
      throw new AssertionError(what + ": gradient differs from central differences: " + r + "; options " + options);
    }
  }
}
