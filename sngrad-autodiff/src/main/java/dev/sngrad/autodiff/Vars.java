package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;

/**
 * The traced parameters handed to a function under {@link Grad} or {@link PerExample}: the same
 * names as the {@link dev.sngrad.autodiff.tensor.Params} passed in, as {@link Var}s.
 */
public final class Vars {
  private final ImmutableMap<String, Var> vars;

  Vars(ImmutableMap<String, Var> vars) {
    this.vars = vars;
  }

  /**
   * Untraced parameters: every value is a {@link Var#constant}, so a function applied to them just
   * computes its value (inference), with no tape and no gradient, in {@link
   * ExecutionContext#defaults()} ({@link Inference#constants} for another context).
   *
   * @param params the parameter values
   * @return the parameters as constants, under the same names
   */
  public static Vars constants(dev.sngrad.autodiff.tensor.Params params) {
    ImmutableMap.Builder<String, Var> b = ImmutableMap.builder();
    params.asMap().forEach((name, value) -> b.put(name, Var.constant(value)));
    return new Vars(b.buildOrThrow());
  }

  /**
   * The parameter named {@code name}.
   *
   * @param name a parameter path, e.g. {@code dense1/weight}
   * @return the traced (or constant) parameter
   * @throws IllegalArgumentException listing the known names when {@code name} is absent
   */
  public Var get(String name) {
    Var v = vars.get(name);
    checkArgument(v != null, "no parameter named '%s'; have %s", name, vars.keySet());
    return v;
  }

  /**
   * True when a parameter named {@code name} is present.
   *
   * @param name a parameter path, e.g. {@code dense1/weight}
   * @return whether {@link #get} would find it
   */
  public boolean contains(String name) {
    return vars.containsKey(name);
  }

  /**
   * Parameter names in order.
   *
   * @return the names, in the order of the parameters passed in
   */
  public Iterable<String> names() {
    return vars.keySet();
  }
}
