package dev.sngrad.autodiff;

import static dev.sngrad.autodiff.TensorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the gradient check, the per-example oracle and the shape checks on every op of {@link OpCatalog}. */
class OpCatalogTest {
  static Stream<OpCatalog.Entry> entries() {
    return OpCatalog.ENTRIES.stream();
  }

  private static Params inputsAsParams(List<Tensor> values) {
    Params.Builder b = Params.builder();
    for (int i = 0; i < values.size(); i++) {
      b.put("x" + i, values.get(i));
    }
    return b.build();
  }

  private static Function<Vars, Var> asFunction(OpCatalog.Entry entry, int inputs) {
    return p -> {
      List<Var> in = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        in.add(p.get("x" + i));
      }
      return entry.apply().apply(in, OpCatalog.LABELS);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void vjpMatchesCentralDifferences(OpCatalog.Entry entry) {
    for (long seed = 0; seed < 3; seed++) {
      Params at = inputsAsParams(entry.draw(new SplittableRandom(100 + seed)));
      GradCheck.Result r = GradCheck.directional(
          asFunction(entry, entry.shapes().size()), at,
          GradCheck.Options.defaults().withSeed(seed).withTolerances(entry.relativeTolerance(), 1e-3));
      assertThat(r.passed()).as("%s: %s", entry, r).isTrue();
    }
  }

  /**
   * Input 0, and any input of its shape, becomes {@code data * p_i} with the example axis on the
   * data; the other inputs are shared parameters. Per-example gradients must equal one {@link Grad} call per example, and
   * the statistics must equal those of the loop's gradients.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void perExampleGradientsEqualALoop(OpCatalog.Entry entry) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Tensor> values = entry.draw(rng);
    Tensor data = values.get(0);
    int examples = data.shape().dim(0);
    Params.Builder pb = Params.builder();
    OpCatalog.Domain scaleDomain = entry.domain() == OpCatalog.Domain.DISTINCT ? OpCatalog.Domain.POSITIVE : entry.domain();
    OpCatalog.Entry scaleDraw = new OpCatalog.Entry("", "", null, List.of(), scaleDomain, false, null, 0);
    boolean[] mapped = new boolean[values.size()];
    for (int i = 0; i < values.size(); i++) {
      mapped[i] = values.get(i).shape().equals(data.shape());
      pb.put("p" + i, mapped[i] ? scaleDraw.draw(data.shape().dropFirst(), rng) : values.get(i));
    }
    Params params = pb.build();
    ExampleLoss loss = (p, x, labels) -> {
      List<Var> in = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        in.add(mapped[i] ? Ops.mul(x, p.get("p" + i)) : p.get("p" + i));
      }
      Var out = entry.apply().apply(in, labels);
      int b = labels.length;
      return Ops.sum(Ops.square(Ops.reshape(out, b, out.shape().size() / b)), 1);
    };
    int[] labels = OpCatalog.LABELS;

    if (entry.mixesExamples()) {
      assertThatThrownBy(() -> PerExample.of(loss).grad(params, data, labels))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("example");
      return;
    }

    Params batched = PerExample.of(loss).grad(params, data, labels);
    List<Params> loop = new ArrayList<>();
    for (int i = 0; i < examples; i++) {
      Var xi = Var.constant(data.slice(i, i + 1));
      int[] yi = {labels[i]};
      loop.add(Grad.of(p -> Ops.sum(loss.apply(p, xi, yi))).apply(params));
    }
    for (String name : params.asMap().keySet()) {
      Tensor expected = Tensor.stack(loop.stream().map(g -> g.get(name)).toList());
      assertThat(batched.get(name)).as("%s %s", entry, name).hasRelativeErrorAtMost(expected, 1e-5);
    }

    GradientStats stats = PerExample.of(loss).gradStats(params, data, labels);
    for (String name : params.asMap().keySet()) {
      Tensor perExample = batched.get(name);
      int size = perExample.size() / examples;
      float[] mean = new float[size];
      float[] variance = new float[size];
      for (int j = 0; j < size; j++) {
        double[] column = new double[examples];
        for (int i = 0; i < examples; i++) {
          column[i] = perExample.getFlat(i * size + j);
        }
        com.google.common.math.Stats s = com.google.common.math.Stats.of(column);
        mean[j] = (float) s.mean();
        variance[j] = (float) s.populationVariance();
      }
      Shape shape = perExample.shape().dropFirst();
      assertThat(stats.mean().get(name)).hasRelativeErrorAtMost(Tensor.wrap(shape, mean), 1e-5);
      assertThat(stats.variance().get(name)).hasRelativeErrorAtMost(Tensor.wrap(shape, variance), 1e-4);
    }
  }

  /** Entries that can be given wrong shapes; elementwise unary ops accept every shape. */
  static Stream<OpCatalog.Entry> entriesWithBadShapes() {
    return OpCatalog.ENTRIES.stream().filter(e -> e.badShapes() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entriesWithBadShapes")
  void badShapesAreRefusedNamingTheOpAndTheShapes(OpCatalog.Entry entry) {
    SplittableRandom rng = new SplittableRandom(3);
    List<Var> in = entry.badShapes().stream().map(s -> Var.constant(entry.draw(s, rng))).toList();
    var thrown = assertThatThrownBy(() -> entry.apply().apply(in, OpCatalog.LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry.opName());
    for (Shape s : entry.badShapes()) {
      thrown.hasMessageContaining(s.toString());
    }
  }

  @Test
  void everyOpsFactoryHasAnEntry() {
    Set<String> factories = Arrays.stream(Ops.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .map(Method::getName)
        .filter(n -> !n.equals("apply"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> covered = OpCatalog.ENTRIES.stream().map(OpCatalog.Entry::factory).collect(Collectors.toSet());
    assertThat(covered).as("Ops factories without an OpCatalog entry").containsAll(factories);
    assertThat(factories).hasSizeGreaterThanOrEqualTo(25);
  }
}
