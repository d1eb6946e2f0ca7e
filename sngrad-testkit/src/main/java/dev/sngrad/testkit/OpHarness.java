package dev.sngrad.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs the three checks of an op table on each {@link OpCase}: the gradient check ({@link
 * #checkVjp}), the per-example oracle ({@link #checkPerExample}) and the shape check ({@link
 * #checkBadShapes}); {@link #factoriesWithoutCase} finds facade methods the table misses. Every
 * random choice is seeded, so a failure repeats. Use {@link #dynamicTests} from a JUnit 5
 * {@code @TestFactory}, or call the checks from a {@code @ParameterizedTest}.
 */
public final class OpHarness {
  private OpHarness() {}

  /**
   * Directional finite-difference checks of the op's VJP at three seeded draws of its inputs
   * ({@link GradCheck#directional}, step 1e-3, the case's relative tolerance, absolute 1e-3).
   *
   * @param c the case
   * @throws AssertionError naming the case, the direction and the analytic and numeric values
   */
  public static void checkVjp(OpCase c) {
    for (long seed = 0; seed < 3; seed++) {
      Params at = asParams(c.draw(new SplittableRandom(100 + seed)));
      GradientAssertions.assertVjpMatchesFiniteDifferences(
          c.toString(), asFunction(c), at,
          GradCheck.Options.defaults().withSeed(seed).withTolerances(c.relativeTolerance(), 1e-3), 1);
    }
  }

  /**
   * The op inside a per-example loss: input 0, and every input of its shape, becomes {@code x * p_i}
   * with the example axis on the data {@code x} and a parameter {@code p_i} of the example's shape;
   * the other inputs are shared parameters; the loss of an example is the sum of squares of its
   * outputs. Its per-example gradients must equal a loop of single-example gradients (normwise
   * relative error 1e-5) and its statistics the naive ones (mean 1e-5, variance 1e-4), see {@link
   * PerExampleOracle}. A case that {@link OpCase#mixesExamples()} must instead be refused with an
   * {@link IllegalArgumentException} whose message starts with the name of the op that refuses
   * and a colon (as in {@code "sum: axis 0 of [3, 4] is the example axis; reducing over it mixes
   * examples"}) and mentions the examples.
   *
   * @param c the case
   * @throws AssertionError naming the statistic or parameter that differs, or the missing refusal
   */
  public static void checkPerExample(OpCase c) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Tensor> values = c.draw(rng);
    Tensor data = values.get(0);
    // a parameter that scales the data must not make max's inputs tie, so DISTINCT scales by POSITIVE
    InputDomain scaleDomain = c.domain() == InputDomain.DISTINCT ? InputDomain.POSITIVE : c.domain();
    boolean[] mapped = new boolean[values.size()];
    Params.Builder pb = Params.builder();
    for (int i = 0; i < values.size(); i++) {
      mapped[i] = values.get(i).shape().equals(data.shape());
      pb.put("p" + i, mapped[i] ? scaleDomain.draw(data.shape().dropFirst(), rng) : values.get(i));
    }
    Params params = pb.build();
    ExampleLoss loss = (p, x, labels) -> {
      List<Var> in = new ArrayList<>();
      for (int i = 0; i < mapped.length; i++) {
        in.add(mapped[i] ? Ops.mul(x, p.get("p" + i)) : p.get("p" + i));
      }
      Var out = c.function().apply(in, labels);
      int b = labels.length;
      return Ops.sum(Ops.square(Ops.reshape(out, b, out.shape().size() / b)), 1);
    };
    int[] labels = c.labelArray();

    if (c.mixesExamples()) {
      assertThatThrownBy(() -> PerExample.of(loss).grad(params, data, labels))
          .as("%s must be refused by the per-example transform", c)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching("(?s)[a-z][a-z0-9_]*: .*example.*");
      return;
    }
    PerExampleOracle.of(loss)
        .assertGradMatchesLoop(params, data, labels, 1e-5)
        .assertGradStatsMatchNaive(params, data, labels, 1e-5, 1e-4);
  }

  /**
   * The op called on {@link OpCase#badShapes()} must throw an {@link IllegalArgumentException}
   * whose message names the op and every one of the shapes. Does nothing for a case without bad
   * shapes.
   *
   * @param c the case
   * @throws AssertionError when the op accepts the shapes or its message misses a name
   */
  public static void checkBadShapes(OpCase c) {
    if (c.badShapes().isEmpty()) {
      return;
    }
    SplittableRandom rng = new SplittableRandom(3);
    List<Var> in = c.badShapes().stream().map(s -> Var.constant(c.domain().draw(s, rng))).toList();
    AbstractThrowableAssert<?, ? extends Throwable> thrown =
        assertThatThrownBy(() -> c.function().apply(in, c.labelArray()))
            .as("%s called on %s", c, c.badShapes())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(c.opName());
    for (Shape s : c.badShapes()) {
      thrown.hasMessageContaining(s.toString());
    }
  }

  /**
   * The public static methods of {@code facade} (an {@code Ops}-like class of op factories) that no
   * case covers.
   *
   * @param facade the class whose factories the table must cover
   * @param cases the table
   * @param exempt method names that are not op factories (e.g. {@code "apply"})
   * @return the names without a case, sorted; empty when the table is complete
   */
  public static SortedSet<String> factoriesWithoutCase(Class<?> facade, Collection<OpCase> cases, Set<String> exempt) {
    Set<String> covered = cases.stream().map(OpCase::factory).collect(Collectors.toSet());
    return Arrays.stream(facade.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .map(Method::getName)
        .filter(n -> !exempt.contains(n) && !covered.contains(n))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Every check on every case as JUnit 5 dynamic tests, named {@code "vjp softplus[[3, 4]]"} and
   * so on: return it from a {@code @TestFactory} method.
   *
   * @param cases the table
   * @return three tests per case
   */
  public static Stream<DynamicTest> dynamicTests(Collection<OpCase> cases) {
    return cases.stream().flatMap(c -> Stream.of(
        DynamicTest.dynamicTest("vjp " + c, () -> checkVjp(c)),
        DynamicTest.dynamicTest("per-example " + c, () -> checkPerExample(c)),
        DynamicTest.dynamicTest("bad shapes " + c, () -> checkBadShapes(c))));
  }

  private static Params asParams(List<Tensor> values) {
    Params.Builder b = Params.builder();
    for (int i = 0; i < values.size(); i++) {
      b.put("x" + i, values.get(i));
    }
    return b.build();
  }

  private static Function<Vars, Var> asFunction(OpCase c) {
    int[] labels = c.labelArray();
    return p -> {
      List<Var> in = new ArrayList<>();
      for (int i = 0; i < c.shapes().size(); i++) {
        in.add(p.get("x" + i));
      }
      return c.function().apply(in, labels);
    };
  }
}
