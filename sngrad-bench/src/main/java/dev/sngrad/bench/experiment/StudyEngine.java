package dev.sngrad.bench.experiment;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Where the runs of a study are trained. Every engine trains the same runs ({@link
 * CompareSettings#searchConfigs}, then {@link CompareSettings#trainingConfigs} at the rate {@link
 * Comparison#chosenRate} picks) with the same code ({@link TrainingRun}), and records each finished
 * run in its part's {@link RunLedger}, skipping runs recorded before: a study started by one engine
 * can be resumed by another. {@code local} trains in this process, one run after another; other
 * engines (the {@code spark} engine of the {@code sngrad-spark} module) are found on the classpath
 * with {@link ServiceLoader}.
 */
public interface StudyEngine {
  /** The name {@code --engine} selects. */
  String name();

  /** Matrix-kernel threads of one run when the user gives none. */
  int defaultThreads();

  /**
   * Trains every run of {@code parts} not yet recorded in their ledgers, telling {@code finished}
   * of each part once all its runs are recorded.
   *
   * @param master the cluster to run on, for engines that have one (empty: the engine's default)
   */
  void train(List<StudyPart> parts, Optional<String> master, Progress progress, Consumer<StudyPart> finished)
      throws IOException;

  /** The engine named {@code name}: {@code local}, or one found on the classpath. */
  static StudyEngine named(String name) {
    if (name.equals(LocalEngine.NAME)) {
      return new LocalEngine();
    }
    for (StudyEngine engine : ServiceLoader.load(StudyEngine.class)) {
      if (engine.name().equals(name)) {
        return engine;
      }
    }
    throw new IllegalArgumentException("engine '" + name + "' is not on the classpath; choose local, or spark through ./sngrad"
        + " (which adds the sngrad-spark module when --engine spark is given) or spark-submit with sngrad-spark.jar");
  }
}
