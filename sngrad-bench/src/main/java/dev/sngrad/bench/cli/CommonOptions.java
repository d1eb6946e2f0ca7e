package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.data.registry.DatasetRegistry;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** Options shared by the commands (a picocli mixin). */
final class CommonOptions {
  @Option(names = "--dataset", defaultValue = "embedded", paramLabel = "NAME", completionCandidates = DatasetNames.class,
      description = "One of ${COMPLETION-CANDIDATES} (embedded: a Fashion-MNIST subset inside the jar, needs no files)."
          + " Default: ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's files (searched first).")
  Path dataDir;

  @Option(names = "--download", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Download a dataset found nowhere else (default: ${DEFAULT-VALUE}).")
  boolean download;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of weights, shuffling and augmentation. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "Threads of the matrix kernels. Default: all cores.")
  Integer threads;

  @Option(names = "--kernel", paramLabel = "NAME",
      description = "Matrix-product backend of the training steps and evaluation: auto (openblas where available, else java), java (pure "
          + "Java: the same bits on every machine, JDK and thread count) or openblas (native: the OpenBLAS bundled in the "
          + "jar on Linux x86-64, any JDK; elsewhere a system OpenBLAS on JDK 22+). "
          + "The kernel used is named in the first output line. Default: auto.")
  String kernel;

  @Option(names = "--augment", description = "Train with the original study's augmentation.")
  boolean augment;

  @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
      description = "Hold out N training examples and evaluate on them instead of the test set. Default: ${DEFAULT-VALUE}.")
  int validation;

  @Option(names = "--test-file", paramLabel = "FILE",
      description = "cifar10 with --data-dir only: read the test set from this file of the folder instead of test_batch.bin (e.g. test_batch.first1000.bin).")
  String testFile;

  @Option(names = "--keep-last",
      description = "Train the last, smaller batch of every epoch too (by default it is left out, as PyTorch's drop_last=True: "
          + "a step on a few examples at a rate tuned for full batches jolts the weights right before each evaluation).")
  boolean keepLast;

  @Option(names = "--label-noise", defaultValue = "0", paramLabel = "F",
      description = "Replace this share of the training labels (0..1) by wrong ones, drawn uniformly from the other classes "
          + "and seeded by --seed; test and validation labels stay clean. Default: ${DEFAULT-VALUE}.")
  double labelNoise;

  @Option(names = "--epsilon", defaultValue = "0", description = "Added to the rules' denominators (1e-5 reproduces the original code). Default: ${DEFAULT-VALUE}.")
  double epsilon;

  @Option(names = {"-q", "--quiet"}, description = "Print only the results.")
  boolean quiet;

  @Option(names = "--json", description = "Progress as JSON lines on standard output, for scripts.")
  boolean json;

  int threads() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** The backend {@code --kernel} names, or {@code fallback} (itself a {@code --kernel} value) when it is not given. */
  Backend backend(String fallback) {
    return Backend.parse(kernel != null ? kernel : fallback);
  }

  Progress progress() {
    if (json) {
      return Progress.jsonLines(System.out);
    }
    return quiet ? Progress.quiet()
        : Progress.console(System.err, progressOnTerminal(System.getProperty(TERMINAL_PROPERTY), CommonOptions::consoleIsTerminal));
  }

  /** The system property by which the launcher says whether standard error is a terminal: true or false. */
  static final String TERMINAL_PROPERTY = "sngrad.terminal";

  /**
   * Whether progress (on standard error) goes to a terminal, where bars can redraw their line. The
   * launcher {@code ./sngrad} tests standard error itself and passes {@code launcherSetting}
   * ({@code "true"} or {@code "false"}); without it ({@code java -jar}, null) the JVM's console
   * check decides, which asks about standard input and output instead: they are redirected together
   * with standard error in the usual cases (CI, {@code nohup}, {@code > log 2>&1}).
   */
  static boolean progressOnTerminal(String launcherSetting, BooleanSupplier consoleIsTerminal) {
    if (launcherSetting == null) {
      return consoleIsTerminal.getAsBoolean();
    }
    return switch (launcherSetting) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          "-D" + TERMINAL_PROPERTY + "=" + launcherSetting + ": expected true or false");
    };
  }

  /**
   * True when the JVM has a console on a terminal. Up to JDK 21 {@link System#console()} exists only
   * then; from JDK 22 it exists also when redirected, and {@code Console.isTerminal()} (called
   * reflectively: this code targets 17) tells.
   */
  static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22: a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  DataBundle loadData() throws IOException {
    return DataBundle.load(dataset, Optional.ofNullable(dataDir), download, validation, seed, Optional.ofNullable(testFile));
  }

  /** The names {@code --dataset} accepts, from the dataset registry (for the help text). */
  static final class DatasetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DatasetRegistry.builtIn().names().iterator();
    }
  }

}
