package dev.sngrad.autodiff.check;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Finite-difference checks of reverse-mode gradients. The function is evaluated in float32, as
 * everything in sngrad; differences and dot products are formed in double.
 *
 * <p>{@link #directional} follows JAX's {@code check_vjp}: with a random tangent {@code t} (one
 * tensor per parameter) and a random output cotangent {@code c}, it compares {@code <t, vjp(c)>}
 * from {@link Grad} with {@code <c, (f(x + h t) - f(x - h t)) / 2h>}. {@link #elementwise} checks
 * every coordinate of the gradient of {@code <c, f>} separately, for debugging, with DL4J's
 * relative error {@code |a - n| / (|a| + |n|)} and an absolute floor.
 */
public final class GradCheck {
  private GradCheck() {}

  /**
   * Step and tolerances. Float32 central differences carry a rounding error of about {@code u
   * |f| / h} ({@code u = 6e-8}) and a truncation error of about {@code h^2 |f'''|}; the defaults
   * ({@code h = 1e-3}, relative 1e-2 as JAX's float32 gradient tolerance, absolute 1e-3) suit
   * values of order one. A check passes when {@code |analytic - numeric| <= absoluteTolerance +
   * relativeTolerance * max(|analytic|, |numeric|)}.
   *
   * @param step the finite-difference step {@code h}, in the units of the parameters; positive
   * @param relativeTolerance the allowed difference relative to the larger value; at least 0
   * @param absoluteTolerance the allowed difference independent of the values; at least 0
   * @param seed seeds the random tangent and cotangent
   */
  public record Options(double step, double relativeTolerance, double absoluteTolerance, long seed) {
    /**
     * Checks the ranges.
     *
     * @param step the finite-difference step {@code h}, positive
     * @param relativeTolerance the allowed relative difference, at least 0
     * @param absoluteTolerance the allowed absolute difference, at least 0
     * @param seed seeds the random tangent and cotangent
     * @throws IllegalArgumentException if the step is not positive or a tolerance is negative
     */
    public Options {
      checkArgument(step > 0 && relativeTolerance >= 0 && absoluteTolerance >= 0, "bad options %s %s %s",
          step, relativeTolerance, absoluteTolerance);
    }

    /**
     * {@code h = 1e-3}, relative tolerance 1e-2, absolute 1e-3, seed 0.
     *
     * @return the default options, suited to values of order one
     */
    public static Options defaults() {
      return new Options(1e-3, 1e-2, 1e-3, 0);
    }

    /**
     * These options with step {@code h}.
     *
     * @param h the finite-difference step, positive, in the units of the parameters
     * @return a copy with the step replaced
     * @throws IllegalArgumentException if {@code h} is not positive
     */
    public Options withStep(double h) {
      return new Options(h, relativeTolerance, absoluteTolerance, seed);
    }

    /**
     * These options with the given relative and absolute tolerances.
     *
     * @param relative the allowed relative difference, at least 0
     * @param absolute the allowed absolute difference, at least 0
     * @return a copy with both tolerances replaced
     * @throws IllegalArgumentException if a tolerance is negative
     */
    public Options withTolerances(double relative, double absolute) {
      return new Options(step, relative, absolute, seed);
    }

    /**
     * These options with seed {@code s}.
     *
     * @param s the seed of the random tangent and cotangent
     * @return a copy with the seed replaced
     */
    public Options withSeed(long s) {
      return new Options(step, relativeTolerance, absoluteTolerance, s);
    }
  }

  /**
   * The outcome of one comparison; {@code where} names the direction or coordinate.
   *
   * @param where the direction's seed, or the parameter and flat index, e.g. {@code w[3]}
   * @param analytic the value from reverse mode
   * @param numeric the central-difference estimate
   * @param passed whether the two agree within the options' tolerances
   */
  public record Result(String where, double analytic, double numeric, boolean passed) {
    /**
     * {@code |a - n| / max(|a|, |n|)}, 0 when both are 0.
     *
     * @return the relative difference of {@code analytic} and {@code numeric}
     */
    public double relativeError() {
      double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
      return scale == 0 ? 0 : Math.abs(analytic - numeric) / scale;
    }

    @Override
    public String toString() {
      return String.format(
          "%s: analytic %.8g, numeric %.8g, relative error %.3g (%s)",
          where, analytic, numeric, relativeError(), passed ? "ok" : "FAILED");
    }
  }

  /**
   * The directional check of {@code f} at {@code at}; see the class comment. It passes when
   * {@code |analytic - numeric| <= absoluteTolerance + relativeTolerance * max(|analytic|, |numeric|)}.
   *
   * @param f the function of the parameters, any output shape
   * @param at the point at which the gradient is checked
   * @param options the step, the tolerances and the seed of the tangent and cotangent
   * @return the comparison of {@code <t, vjp(c)>} with its central difference
   */
  public static Result directional(Function<Vars, Var> f, Params at, Options options) {
    SplittableRandom rng = new SplittableRandom(options.seed());
    Tensor out = evaluate(f, at);
    Tensor cotangent = Tensor.normal(out.shape(), 1f, rng);
    Params tangent = at.map(t -> Tensor.normal(t.shape(), 1f, rng));
    Params grad = Grad.of(p -> Ops.sum(Ops.mul(f.apply(p), Var.constant(cotangent)))).apply(at);
    double analytic = dot(tangent, grad);
    double h = options.step();
    double plus = dot(cotangent, evaluate(f, shift(at, tangent, h)));
    double minus = dot(cotangent, evaluate(f, shift(at, tangent, -h)));
    double numeric = (plus - minus) / (2 * h);
    double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
    boolean ok = Math.abs(analytic - numeric) <= options.absoluteTolerance() + options.relativeTolerance() * scale;
    return new Result("direction (seed " + options.seed() + ")", analytic, numeric, ok);
  }

  /**
   * Checks every coordinate of every parameter; returns the worst result, which names the
   * parameter and flat index. A coordinate passes when its absolute difference is at most the
   * absolute tolerance or {@code |a - n| / (|a| + |n|)} is at most the relative one.
   *
   * @param f the function of the parameters, any output shape (checked through {@code <c, f>})
   * @param at the point at which the gradient is checked
   * @param options the step, the tolerances and the seed of the cotangent {@code c}
   * @return the coordinate with the largest relative error
   * @throws IllegalArgumentException if {@code at} has no elements
   */
  public static Result elementwise(Function<Vars, Var> f, Params at, Options options) {
    SplittableRandom rng = new SplittableRandom(options.seed());
    Tensor cotangent = Tensor.normal(evaluate(f, at).shape(), 1f, rng);
    Function<Vars, Var> scalar = p -> Ops.sum(Ops.mul(f.apply(p), Var.constant(cotangent)));
    Params grad = Grad.of(scalar).apply(at);
    Result worst = null;
    double worstError = -1;
    for (Map.Entry<String, Tensor> e : at.asMap().entrySet()) {
      float[] g = TensorArrays.data(grad.get(e.getKey()));
      for (int i = 0; i < g.length; i++) {
        double plus = evaluate(scalar, perturbOne(at, e.getKey(), i, options.step())).getFlat(0);
        double minus = evaluate(scalar, perturbOne(at, e.getKey(), i, -options.step())).getFlat(0);
        double numeric = (plus - minus) / (2 * options.step());
        double denom = Math.abs(g[i]) + Math.abs(numeric);
        double error = Math.abs(g[i] - numeric) <= options.absoluteTolerance() ? 0 : Math.abs(g[i] - numeric) / denom;
        if (error > worstError) {
          worstError = error;
          worst = new Result(e.getKey() + "[" + i + "]", g[i], numeric, error <= options.relativeTolerance());
        }
      }
    }
    checkArgument(worst != null, "elementwise check: no parameters");
    return worst;
  }

  private static Tensor evaluate(Function<Vars, Var> f, Params at) {
    return f.apply(Vars.constants(at)).value();
  }

  private static Params shift(Params at, Params direction, double h) {
    return at.zipWith(direction, (x, d) -> {
      float[] a = TensorArrays.data(x);
      float[] b = TensorArrays.data(d);
      float[] r = new float[a.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = (float) (a[i] + h * b[i]);
      }
      return TensorArrays.wrap(x.shape(), r);
    });
  }

  private static Params perturbOne(Params at, String name, int index, double h) {
    Params.Builder b = Params.builder();
    at.asMap().forEach((k, t) -> {
      if (k.equals(name)) {
        float[] r = t.toArray();
        r[index] = (float) (r[index] + h);
        b.put(k, TensorArrays.wrap(t.shape(), r));
      } else {
        b.put(k, t);
      }
    });
    return b.build();
  }

  private static double dot(Params a, Params b) {
    double s = 0;
    for (String k : a.asMap().keySet()) {
      s += dot(a.get(k), b.get(k));
    }
    return s;
  }

  private static double dot(Tensor a, Tensor b) {
    float[] x = TensorArrays.data(a);
    float[] y = TensorArrays.data(b);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (double) x[i] * y[i];
    }
    return s;
  }
}
