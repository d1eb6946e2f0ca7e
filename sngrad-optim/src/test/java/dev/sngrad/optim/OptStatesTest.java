package dev.sngrad.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Sets;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.optim.OptimizersTest.Problem;
import dev.sngrad.optim.OptimizersTest.Run;
import dev.sngrad.optim.schedule.Schedules;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.AdamState;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.EmptyState;
import dev.sngrad.optim.transform.MomentumState;
import dev.sngrad.optim.transform.ScheduleState;
import dev.sngrad.optim.transform.Transforms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OptStates}: every named optimizer and every leaf transform resumes bit for bit from a
 * flattened state that went through float32 bytes as {@code CheckpointFile} writes them; paths
 * are stable; a state that does not fit fails naming the path; counts above {@code 2^24} survive;
 * and every {@link OptState} class of the module has a case here.
 */
class OptStatesTest {
  private static final int STEPS_BEFORE = 4;
  private static final int STEPS_AFTER = 4;

  /** A transform under test, by name. */
  record Case(String name, GradientTransform<?> transform) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every alias of {@link Optimizers}. */
  static Stream<Case> namedOptimizers() {
    return Stream.of(
        new Case("sgd", Optimizers.sgd(0.05)),
        new Case("momentum", Optimizers.momentum(0.02, 0.9, false)),
        new Case("nesterov", Optimizers.momentum(0.02, 0.9, true)),
        new Case("adam", Optimizers.adam(0.05)),
        new Case("adamw", Optimizers.adamw(0.05, 0.9, 0.999, 1e-8, 1e-2)),
        new Case("sgdSnr", Optimizers.sgdSnr(0.05, SnrRule.I, 1.0)),
        new Case("momentumSnr", Optimizers.momentumSnr(0.02, 0.9, false, SnrRule.II, 1.0)),
        new Case("adamSnr", Optimizers.adamSnr(0.05, SnrRule.III, 1.0)));
  }

  /**
   * One case per leaf transform and the chain, nested too; {@link
   * #everyOptStateImplementationHasACase} requires that their states cover every {@link OptState}
   * class of the module.
   */
  static Stream<Case> everyTransform() {
    return Stream.of(
        new Case("scaleByLearningRate", Transforms.scaleByLearningRate(0.05)),
        new Case("scaleBySchedule", Transforms.scaleBySchedule(Schedules.cosine(0.05, 6, 0.01))),
        new Case("trace", Transforms.trace(0.9, false)),
        new Case("scaleByAdam", Transforms.scaleByAdam(0.9, 0.999, 1e-8)),
        new Case("addDecayedWeights", Transforms.addDecayedWeights(0.01)),
        new Case("clipByGlobalNorm", Transforms.clipByGlobalNorm(0.5)),
        new Case("scaleBySignalToNoise", Transforms.scaleBySignalToNoise(SnrRule.II, 1.0, 1e-5)),
        new Case(
            "nested chain",
            Transforms.chain(
                Transforms.clipByGlobalNorm(1.0),
                Transforms.chain(Transforms.scaleByAdam(0.9, 0.99, 1e-8), Transforms.trace(0.5, true)),
                Transforms.scaleBySchedule(Schedules.step(0.1, 2, 0.5)))));
  }

  /**
   * {@code sum((tanh(W) - A)^2) + sum((b - c)^2)} over a {@code [2, 3]} weight and a {@code [3]}
   * bias, named as a layer's parameters so that the paths hold slashes.
   */
  static final Problem PROBLEM =
      new Problem(
          p -> Ops.add(
              Ops.sum(Ops.square(Ops.sub(
                  Ops.tanh(p.get("dense1/weight")),
                  Var.constant(Tensor.of(new float[] {0.5f, -0.25f, 0.1f, 0f, 0.75f, -0.5f}, 2, 3))))),
              Ops.sum(Ops.square(Ops.sub(p.get("dense1/bias"), Var.constant(Tensor.vector(1f, -2f, 3f)))))),
          Params.builder()
              .put("dense1/weight", Tensor.of(new float[] {0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f}, 2, 3))
              .put("dense1/bias", Tensor.vector(0f, 0.5f, -0.5f))
              .build(),
          Params.empty());

  @ParameterizedTest
  @MethodSource("namedOptimizers")
  void namedOptimizerResumesBitForBit(Case c) {
    checkResumesBitForBit(c.transform());
  }

  @ParameterizedTest
  @MethodSource("everyTransform")
  void everyTransformResumesBitForBit(Case c) {
    checkResumesBitForBit(c.transform());
  }

  /**
   * Steps, flattens, writes and reads the tensors as float32 bytes, restores, and continues from
   * both states: parameters and states must stay bit-identical ({@link Tensor#equals}).
   */
  private static <S extends OptState> void checkResumesBitForBit(GradientTransform<S> transform) {
    Run<S> original = Run.start(transform, PROBLEM);
    for (int i = 0; i < STEPS_BEFORE; i++) {
      original = original.next();
    }
    Params flattened = throughFloat32Bytes(OptStates.flatten(original.state()));
    S restored = OptStates.restore(transform, PROBLEM.initial(), flattened);
    assertThat(restored).isEqualTo(original.state());

    Run<S> resumed = new Run<>(transform, PROBLEM, original.params(), restored, original.step());
    for (int i = 0; i < STEPS_AFTER; i++) {
      original = original.next();
      resumed = resumed.next();
      assertThat(resumed.params()).as("parameters after %s resumed steps", i + 1).isEqualTo(original.params());
    }
    assertThat(resumed.state()).isEqualTo(original.state());
    assertThat(original.params()).isNotEqualTo(PROBLEM.initial());
  }

  @Test
  void pathsNameChainIndexKindFieldAndParameter() {
    GradientTransform<ChainState> adamSnr = Optimizers.adamSnr(0.05, SnrRule.I, 1.0);
    Run<ChainState> run = Run.start(adamSnr, PROBLEM).next().next().next();
    Params flat = OptStates.flatten(run.state());

    Map<String, Shape> shapes = new LinkedHashMap<>();
    flat.asMap().forEach((k, v) -> shapes.put(k, v.shape()));
    assertThat(shapes).containsExactly(
        Map.entry("0/empty", Shape.of(0)),
        Map.entry("1/adam/count", Shape.of(4)),
        Map.entry("1/adam/mu/dense1/weight", Shape.of(2, 3)),
        Map.entry("1/adam/mu/dense1/bias", Shape.of(3)),
        Map.entry("1/adam/nu/dense1/weight", Shape.of(2, 3)),
        Map.entry("1/adam/nu/dense1/bias", Shape.of(3)),
        Map.entry("2/empty", Shape.of(0)));
    assertThat(flat.get("1/adam/count")).isEqualTo(Tensor.vector(3f, 0f, 0f, 0f));
    AdamState adam = (AdamState) run.state().states().get(1);
    assertThat(flat.get("1/adam/mu/dense1/weight")).isEqualTo(adam.mu().get("dense1/weight"));

    assertThat(OptStates.flatten(Optimizers.momentum(0.1, 0.9, false).init(PROBLEM.initial())).asMap().keySet())
        .containsExactly("0/momentum/trace/dense1/weight", "0/momentum/trace/dense1/bias", "1/empty");
    assertThat(OptStates.flatten(Transforms.scaleBySchedule(Schedules.constant(0.1)).init(PROBLEM.initial()))
            .asMap().keySet())
        .containsExactly("schedule/count");
  }

  @Test
  void flattenDoesNotDependOnValuesOnlyOnStructure() {
    GradientTransform<ChainState> adam = Optimizers.adam(0.05);
    Params initial = OptStates.flatten(adam.init(PROBLEM.initial()));
    Params later = OptStates.flatten(Run.start(adam, PROBLEM).next().next().state());
    assertThat(later.asMap().keySet()).containsExactlyElementsOf(initial.asMap().keySet());
    assertThat(later).isNotEqualTo(initial);
  }

  @Test
  void adamStateRestoredIntoMomentumFailsNamingThePath() {
    Params adam = OptStates.flatten(Run.start(Optimizers.adam(0.05), PROBLEM).next().state());
    assertThatThrownBy(() -> OptStates.restore(Optimizers.momentum(0.05, 0.9, false), PROBLEM.initial(), adam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tensor '0/momentum/trace/dense1/weight'")
        .hasMessageContaining("0/adam/count");
  }

  @Test
  void momentumStateRestoredIntoAdamFailsNamingThePath() {
    Params momentum = OptStates.flatten(Run.start(Optimizers.momentum(0.05, 0.9, false), PROBLEM).next().state());
    assertThatThrownBy(() -> OptStates.restore(Optimizers.adam(0.05), PROBLEM.initial(), momentum))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tensor '0/adam/count'");
  }

  @Test
  void adamAndAdamwDoNotRestoreIntoEachOther() {
    Params adam = OptStates.flatten(Run.start(Optimizers.adam(0.05), PROBLEM).next().state());
    Params adamw = OptStates.flatten(Run.start(Optimizers.adamw(0.05, 0.9, 0.999, 1e-8, 0.01), PROBLEM).next().state());
    assertThatThrownBy(() -> OptStates.restore(Optimizers.adamw(0.05, 0.9, 0.999, 1e-8, 0.01), PROBLEM.initial(), adam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tensor '2/empty'");
    assertThatThrownBy(() -> OptStates.restore(Optimizers.adam(0.05), PROBLEM.initial(), adamw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not use: [2/empty]");
  }

  @Test
  void extraTensorsFailNamingThem() {
    GradientTransform<ChainState> sgd = Optimizers.sgd(0.1);
    Params flat = Params.builder()
        .putAll(OptStates.flatten(sgd.init(PROBLEM.initial())))
        .put("0/momentum/trace/dense1/bias", Tensor.zeros(3))
        .build();
    assertThatThrownBy(() -> OptStates.restore(sgd, PROBLEM.initial(), flat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not use: [0/momentum/trace/dense1/bias]");
  }

  @Test
  void stateOfOtherParameterShapesFailsNamingPathAndShapes() {
    GradientTransform<ChainState> adam = Optimizers.adam(0.05);
    Params flat = OptStates.flatten(Run.start(adam, PROBLEM).next().state());
    Params transposed = Params.builder()
        .put("dense1/weight", Tensor.zeros(3, 2))
        .put("dense1/bias", Tensor.zeros(3))
        .build();
    assertThatThrownBy(() -> OptStates.restore(adam, transposed, flat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'0/adam/mu/dense1/weight' has shape [2, 3], expected [3, 2]");
  }

  @Test
  void stateOfOtherParameterNamesFailsNamingThePath() {
    GradientTransform<ChainState> momentum = Optimizers.momentum(0.05, 0.9, false);
    Params flat = OptStates.flatten(momentum.init(PROBLEM.initial()));
    Params renamed = Params.builder()
        .put("dense2/weight", Tensor.zeros(2, 3))
        .put("dense1/bias", Tensor.zeros(3))
        .build();
    assertThatThrownBy(() -> OptStates.restore(momentum, renamed, flat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tensor '0/momentum/trace/dense2/weight'");
  }

  @Test
  void countsAbove2To24RoundTripExactly() {
    long justAbove = (1L << 24) + 1;
    assertThat((long) (float) justAbove).as("why counts are not one float32").isNotEqualTo(justAbove);
    Params params = PROBLEM.initial();
    for (long count : new long[] {justAbove, (1L << 40) + 12_345, Long.MAX_VALUE}) {
      GradientTransform<AdamState> adam = Transforms.scaleByAdam(0.9, 0.999, 1e-8);
      AdamState adamState = new AdamState(count, params.map(t -> Tensor.full(t.shape(), 0.25f)), params.zerosLike());
      Params flat = throughFloat32Bytes(OptStates.flatten(adamState));
      for (float limb : TensorArrays.data(flat.get("adam/count"))) {
        assertThat(limb).isBetween(0f, 65535f).isEqualTo((float) Math.rint(limb));
      }
      assertThat(OptStates.restore(adam, params, flat)).isEqualTo(adamState);

      GradientTransform<ScheduleState> schedule = Transforms.scaleBySchedule(Schedules.constant(0.1));
      ScheduleState scheduleState = new ScheduleState(count);
      assertThat(OptStates.restore(schedule, params, throughFloat32Bytes(OptStates.flatten(scheduleState))))
          .isEqualTo(scheduleState);

    }
  }

  @Test
  void aRestoredLargeCountKeepsCounting() {
    GradientTransform<ChainState> adam = Optimizers.adam(0.05);
    Params params = PROBLEM.initial();
    long count = (1L << 24) + 1;
    ChainState state = new ChainState(ImmutableList.of(
        new AdamState(count, params.zerosLike(), params.zerosLike()), adam.init(params).states().get(1)));
    ChainState restored = OptStates.restore(adam, params, OptStates.flatten(state));
    Run<ChainState> next = new Run<>(adam, PROBLEM, params, restored, 0).next();
    assertThat(((AdamState) next.state().states().get(0)).count()).isEqualTo(count + 1);
  }

  @Test
  void malformedCountFailsNamingThePath() {
    GradientTransform<ChainState> adam = Optimizers.adam(0.05);
    Params flat = OptStates.flatten(adam.init(PROBLEM.initial()));
    for (float bad : new float[] {1.5f, -1f, 65536f, Float.NaN}) {
      Map<String, Tensor> damaged = new LinkedHashMap<>(flat.asMap());
      damaged.put("0/adam/count", Tensor.vector(0f, bad, 0f, 0f));
      assertThatThrownBy(() -> OptStates.restore(adam, PROBLEM.initial(), Params.of(damaged)))
          .as("limb %s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'0/adam/count' element 1 is " + bad);
    }
    Map<String, Tensor> negative = new LinkedHashMap<>(flat.asMap());
    negative.put("0/adam/count", Tensor.vector(0f, 0f, 0f, 65535f));
    assertThatThrownBy(() -> OptStates.restore(adam, PROBLEM.initial(), Params.of(negative)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'0/adam/count' must be >= 0");
  }

  @Test
  void checkpointsThatHeldDiagnosticsInTheStateRestoreTheirOtherTensors() {
    GradientTransform<ChainState> adamSnr = Optimizers.adamSnr(0.05, SnrRule.I, 1.0);
    ChainState state = Run.start(adamSnr, PROBLEM).next().next().state();
    Map<String, Tensor> legacy = new LinkedHashMap<>();
    legacy.put("0/snr/updates", Tensor.vector(2f, 0f, 0f, 0f));
    legacy.put("0/snr/layers/dense1/weight", Tensor.zeros(5, 4));
    legacy.put("0/snr/layers/dense1/bias", Tensor.zeros(5, 4));
    OptStates.flatten(state).asMap().forEach((path, t) -> {
      if (!path.equals("0/empty")) {
        legacy.put(path, t);
      }
    });
    assertThat(OptStates.restore(adamSnr, PROBLEM.initial(), Params.of(legacy))).isEqualTo(state);

    GradientTransform<EmptyState> alone = Transforms.scaleBySignalToNoise(SnrRule.II, 1.0);
    Params old = Params.builder().put("snr/updates", Tensor.vector(1f, 0f, 0f, 0f))
        .put("snr/layers/dense1/weight", Tensor.zeros(5, 4)).build();
    assertThat(OptStates.restore(alone, PROBLEM.initial(), old)).isEqualTo(EmptyState.instance());
  }

  @Test
  void failureMessagesListOnlyAFewPaths() {
    Set<String> many = new LinkedHashSet<>();
    for (int i = 0; i < 20; i++) {
      many.add("p" + i);
    }
    assertThat(OptStates.describe(many)).isEqualTo("[p0, p1, p2, p3, p4, p5, p6, p7, ... (12 more)]");
    assertThat(OptStates.describe(Set.of())).isEqualTo("no tensors");
  }

  @Test
  void aStatePathWrittenTwiceFails() {
    StateWriter out = StateWriter.root();
    out.putLong("count", 1);
    assertThatThrownBy(() -> out.putLong("count", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'count' written twice");
    assertThatThrownBy(() -> out.child("adam/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'adam/'");
  }

  /**
   * Every concrete class of the module's main classes implementing {@link OptState} is the state of
   * some transform in {@link #everyTransform}, so its flattening is tested. A new state class fails
   * here until it gets a case.
   */
  @Test
  void everyOptStateImplementationHasACase() throws IOException, URISyntaxException {
    Set<Class<?>> implementations = optStateClasses(mainClassesDirectory());
    assertThat(implementations).as("scan of the main classes").contains(AdamState.class, ChainState.class, MomentumState.class);
    Set<Class<?>> covered = new LinkedHashSet<>();
    everyTransform().forEach(c -> addStateClasses(c.transform().init(PROBLEM.initial()), covered));
    Set<Class<?>> missing = Sets.difference(implementations, covered);
    assertThat(missing)
        .as("OptState implementations without a case in OptStatesTest.everyTransform(): %s",
            missing.stream().map(Class::getName).collect(Collectors.toList()))
        .isEmpty();
  }

  private static void addStateClasses(OptState state, Set<Class<?>> out) {
    out.add(state.getClass());
    if (state instanceof ChainState chain) {
      chain.states().forEach(s -> addStateClasses(s, out));
    }
  }

  /** The directory the main classes were loaded from, {@code target/classes} under Maven. */
  private static Path mainClassesDirectory() throws URISyntaxException {
    Path dir = Path.of(OptState.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.isDirectory(dir)).as("main classes are in a directory, not a jar: %s", dir).isTrue();
    return dir;
  }

  private static Set<Class<?>> optStateClasses(Path classes) throws IOException {
    Set<Class<?>> found = new LinkedHashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
    }
    for (Path file : files) {
      String relative = classes.relativize(file).toString();
      String name = relative.substring(0, relative.length() - ".class".length()).replace(file.getFileSystem().getSeparator(), ".");
      if (name.endsWith("package-info") || name.equals("module-info")) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(name, false, OptStatesTest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError("cannot load " + name + " from " + file, e);
      }
      if (OptState.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
        found.add(c);
      }
    }
    return found;
  }

  /**
   * {@code params} written and read back as {@code CheckpointFile} stores tensors: big-endian
   * float32 through {@code DataOutputStream.writeFloat}, which canonicalises NaNs.
   */
  static Params throughFloat32Bytes(Params params) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        for (Tensor t : params.asMap().values()) {
          for (float v : TensorArrays.data(t)) {
            out.writeFloat(v);
          }
        }
      }
      Params.Builder back = Params.builder();
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
          float[] values = new float[e.getValue().size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
          }
          back.put(e.getKey(), Tensor.of(e.getValue().shape(), values));
        }
      }
      return back.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
