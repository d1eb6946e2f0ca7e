package dev.sngrad.optim;

import static dev.sngrad.optim.ParamsAssert.assertThatParams;
import static dev.sngrad.optim.ParamsAssert.deepCopy;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.snr.SnrDiagnostics;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.AdamState;
import dev.sngrad.optim.transform.ChainState;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every named optimizer, after optax's {@code alias_test.py} ({@code _OPTIMIZERS_UNDER_TEST}):
 * minimises a quadratic and the Rosenbrock function, keeps its state's shapes, and is pure. The
 * signal-to-noise optimizers get synthetic statistics: the exact gradient as the mean and a small
 * variance {@code (0.01 g)^2}.
 */
class OptimizersTest {

  /** A named optimizer as a function of the learning rate, with a learning rate per problem. */
  record Case(String name, DoubleFunction<GradientTransform<?>> optimizer, double quadraticLr, double rosenbrockLr) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> optimizers() {
    return Stream.of(
        new Case("sgd", Optimizers::sgd, 1e-1, 1.5e-3),
        new Case("momentum", lr -> Optimizers.momentum(lr, 0.9, false), 1e-2, 1e-3),
        new Case("nesterov", lr -> Optimizers.momentum(lr, 0.9, true), 1e-2, 1e-3),
        new Case("adam", Optimizers::adam, 1e-1, 1e-2),
        new Case("adamw", lr -> Optimizers.adamw(lr, 0.9, 0.999, 1e-8, 1e-4), 1e-1, 1e-2),
        new Case("sgd+snr I", lr -> Optimizers.sgdSnr(lr, SnrRule.I, 1.0), 1e-1, 1.5e-3),
        new Case("sgd+snr II", lr -> Optimizers.sgdSnr(lr, SnrRule.II, 1.0), 1e-1, 1.5e-3),
        new Case("sgd+snr III", lr -> Optimizers.sgdSnr(lr, SnrRule.III, 1.0), 1e-1, 1.5e-3),
        new Case("sgd+snr I eps", lr -> Optimizers.sgdSnr(lr, SnrRule.I, 1.0, 1e-5), 1e-1, 1.5e-3),
        new Case("momentum+snr II", lr -> Optimizers.momentumSnr(lr, 0.9, false, SnrRule.II, 1.0), 1e-2, 1e-3),
        new Case("adam+snr I", lr -> Optimizers.adamSnr(lr, SnrRule.I, 1.0), 1e-1, 1e-2));
  }

  /** A test problem: a scalar function of named parameters, a start and the minimiser. */
  record Problem(Function<Vars, Var> objective, Params initial, Params minimum) {}

  /** {@code sum((w - [1, -1, 1])^2)} from {@code [-1, 10, 1]}, as optax's parabola. */
  static final Problem QUADRATIC =
      new Problem(
          p -> Ops.sum(Ops.square(Ops.sub(p.get("w"), Var.constant(Tensor.vector(1f, -1f, 1f))))),
          ParamsAssert.vector("w", -1f, 10f, 1f),
          ParamsAssert.vector("w", 1f, -1f, 1f));

  /** Rosenbrock {@code (1 - x)^2 + 100 (y - x^2)^2} from {@code (0, 0)}; minimum at {@code (1, 1)}. */
  static final Problem ROSENBROCK =
      new Problem(
          p -> {
            Var x = p.get("x");
            Var y = p.get("y");
            Var a = Ops.square(Ops.addScalar(Ops.neg(x), 1f));
            Var b = Ops.mulScalar(Ops.square(Ops.sub(y, Ops.square(x))), 100f);
            return Ops.sum(Ops.add(a, b));
          },
          Params.builder().put("x", Tensor.vector(0f)).put("y", Tensor.vector(0f)).build(),
          Params.builder().put("x", Tensor.vector(1f)).put("y", Tensor.vector(1f)).build());

  static final int STEPS = 10_000;

  @ParameterizedTest
  @MethodSource("optimizers")
  void minimisesAQuadratic(Case c) {
    Params result = minimise(c.optimizer().apply(c.quadraticLr()), QUADRATIC, STEPS);
    assertThatParams(result).isCloseTo(QUADRATIC.minimum(), 1e-2);
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void minimisesRosenbrock(Case c) {
    Params result = minimise(c.optimizer().apply(c.rosenbrockLr()), ROSENBROCK, STEPS);
    assertThatParams(result).isCloseTo(ROSENBROCK.minimum(), 2e-2);
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void keepsStateShapes(Case c) {
    GradientTransform<?> t = c.optimizer().apply(c.rosenbrockLr());
    Object initial = structure(t.init(ROSENBROCK.initial()));
    Run<?> run = Run.start(t, ROSENBROCK);
    for (int i = 0; i < 5; i++) {
      run = run.next();
      assertThat(structure(run.state())).as("step %s", i).isEqualTo(initial);
    }
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void isPure(Case c) {
    GradientTransform<?> t = c.optimizer().apply(c.rosenbrockLr());
    Run<?> run = Run.start(t, ROSENBROCK);
    for (int i = 0; i < 3; i++) {
      run = run.next(); // a state that is not the initial one
    }
    checkPure(run);
  }

  private static <S extends OptState> void checkPure(Run<S> run) {
    Params params = run.params();
    Params paramsCopy = deepCopy(params);
    Params gradient = Grad.of(ROSENBROCK.objective()).apply(params);
    Params gradientCopy = deepCopy(gradient);
    StepContext ctx = context(run.transform(), params, gradient, 3);
    S state = run.state();
    String stateBefore = deepString(state);

    Update<S> first = run.transform().update(gradient, state, ctx);
    Update<S> second = run.transform().update(gradient, state, ctx);

    assertThat(second).isEqualTo(first);
    assertThat(params).isEqualTo(paramsCopy);
    assertThat(gradient).isEqualTo(gradientCopy);
    assertThat(deepString(state)).isEqualTo(stateBefore);
    assertThat(first.updates().asMap().keySet()).containsExactlyElementsOf(params.asMap().keySet());
    Params applied = Updates.apply(params, first.updates());
    assertThat(params).isEqualTo(paramsCopy);
    assertThat(applied).isNotEqualTo(params);
  }

  /** Adam's first two steps against values computed by hand (optax's golden-value check). */
  @Test
  void adamFirstTwoStepsMatchHandComputedValues() {
    GradientTransform<?> adam = Optimizers.adam(0.1, 0.9, 0.999, 1e-8);
    Params w0 = ParamsAssert.vector("w", 1f, 2f);
    // step 1, g = [0.5, -1]:
    //   m = 0.1 g = [0.05, -0.1];  v = 0.001 g^2 = [0.00025, 0.001]
    //   m_hat = m / (1 - 0.9) = [0.5, -1];  v_hat = v / (1 - 0.999) = [0.25, 1]
    //   u = m_hat / (sqrt(v_hat) + 1e-8) = [0.5 / 0.50000001, -1 / 1.00000001] = [0.99999998, -0.99999999]
    //   w1 = w0 - 0.1 u = [0.900000002, 2.099999999]
    // step 2, g = [0.1, 0.2]:
    //   m = 0.9 [0.05, -0.1] + 0.1 [0.1, 0.2] = [0.055, -0.07]
    //   v = 0.999 [0.00025, 0.001] + 0.001 [0.01, 0.04] = [0.00025975, 0.001039]
    //   m_hat = m / (1 - 0.81) = m / 0.19 = [0.28947368, -0.36842105]
    //   v_hat = v / (1 - 0.998001) = v / 0.001999 = [0.12993997, 0.51975988]
    //   sqrt(v_hat) = [0.36047187, 0.72094374]
    //   u = [0.28947368 / 0.36047187, -0.36842105 / 0.72094374] = [0.80304096, -0.51102607]
    //   w2 = w1 - 0.1 u = [0.900000002 - 0.080304096, 2.099999999 + 0.051102607] = [0.81969591, 2.15110261]
    OptState s0 = adam.init(w0);
    Update<?> u1 = update(adam, ParamsAssert.vector("w", 0.5f, -1f), s0, w0);
    Params w1 = Updates.apply(w0, u1.updates());
    assertThatParams(w1).isCloseTo(ParamsAssert.vector("w", 0.900000002f, 2.099999999f), 2e-7);
    Update<?> u2 = update(adam, ParamsAssert.vector("w", 0.1f, 0.2f), u1.state(), w1);
    Params w2 = Updates.apply(w1, u2.updates());
    assertThatParams(w2).isCloseTo(ParamsAssert.vector("w", 0.81969591f, 2.15110261f), 1e-6);

    AdamState adamState = (AdamState) ((ChainState) u2.state()).states().get(0);
    assertThat(adamState.count()).isEqualTo(2);
    assertThatParams(adamState.mu()).isCloseTo(ParamsAssert.vector("w", 0.055f, -0.07f), 1e-8);
    assertThatParams(adamState.nu()).isCloseTo(ParamsAssert.vector("w", 0.00025975f, 0.001039f), 1e-10);
  }

  @Test
  void aliasesAreChainsOfTheLeaves() {
    assertThat(Optimizers.sgd(0.1).needsGradientStats()).isFalse();
    assertThat(Optimizers.adam(0.1).needsGradientStats()).isFalse();
    assertThat(Optimizers.sgdSnr(0.1, SnrRule.I, 1).needsGradientStats()).isTrue();
    assertThat(Optimizers.adamw(0.1, 0.9, 0.999, 1e-8, 0.01).init(QUADRATIC.initial()).states()).hasSize(3);
  }

  private static <S extends OptState> Update<S> update(GradientTransform<S> t, Params g, OptState s, Params p) {
    return t.update(g, t.castState(s), StepContext.of(p, 0));
  }

  private static Params minimise(GradientTransform<?> t, Problem problem, int steps) {
    Run<?> run = Run.start(t, problem);
    for (int i = 0; i < steps; i++) {
      run = run.next();
    }
    assertThatParams(run.params()).isFinite();
    return run.params();
  }

  /** The optimizer's state and the parameters after some steps on a problem. */
  record Run<S extends OptState>(GradientTransform<S> transform, Problem problem, Params params, S state, long step) {
    static <S extends OptState> Run<S> start(GradientTransform<S> t, Problem problem) {
      return new Run<>(t, problem, problem.initial(), t.init(problem.initial()), 0);
    }

    Run<S> next() {
      Params gradient = Grad.of(problem.objective()).apply(params);
      Update<S> u = transform.update(gradient, state, context(transform, params, gradient, step));
      return new Run<>(transform, problem, Updates.apply(params, u.updates()), u.state(), step + 1);
    }
  }

  /** The context, with synthetic statistics (mean = gradient, variance = (0.01 g)^2) when needed. */
  static StepContext context(GradientTransform<?> t, Params params, Params gradient, long step) {
    if (!t.needsGradientStats()) {
      return StepContext.of(params, step);
    }
    Params variance =
        gradient.map(
            g -> {
              float[] v = g.toArray();
              for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.pow(0.01 * v[i], 2);
              }
              return Tensor.of(g.shape(), v);
            });
    return StepContext.withStats(params, new GradientStats(gradient, variance, 32), step);
  }

  /** The names and shapes of every tensor in a state, recursively, ignoring counts and values. */
  static Object structure(Object state) {
    if (state instanceof Params p) {
      ImmutableMap.Builder<String, Object> b = ImmutableMap.builder();
      p.asMap().forEach((k, v) -> b.put(k, v.shape()));
      return b.buildOrThrow();
    }
    if (state instanceof SnrDiagnostics d) {
      return d.layers().keySet();
    }
    if (state instanceof ImmutableList<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(e -> out.add(structure(e)));
      return out;
    }
    if (state instanceof Record r) {
      List<Object> out = new ArrayList<>();
      out.add(r.getClass().getSimpleName());
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          out.add(structure(c.getAccessor().invoke(r)));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return out;
    }
    return "value";
  }

  /** A string of every tensor value in a state, to detect in-place modification. */
  private static String deepString(Object state) {
    if (state instanceof Params p) {
      StringBuilder sb = new StringBuilder();
      p.asMap().forEach((k, v) -> sb.append(k).append(Arrays.toString(v.toArray())));
      return sb.toString();
    }
    if (state instanceof Record r) {
      StringBuilder sb = new StringBuilder(r.getClass().getSimpleName()).append('(');
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          sb.append(deepString(c.getAccessor().invoke(r))).append(';');
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return sb.append(')').toString();
    }
    if (state instanceof ImmutableList<?> list) {
      StringBuilder sb = new StringBuilder("[");
      list.forEach(e -> sb.append(deepString(e)).append(','));
      return sb.append(']').toString();
    }
    return String.valueOf(state);
  }
}
