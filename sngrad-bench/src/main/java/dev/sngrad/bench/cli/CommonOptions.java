package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by the commands (a picocli mixin). */
final class CommonOptions {
  @Option(names = "--dataset", defaultValue = "embedded", paramLabel = "NAME",
      description = "embedded (Fashion-MNIST subset in the jar, needs no files), mnist, fashion-mnist or cifar10. Default: ${DEFAULT-VALUE}.")
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
      description = "Matrix-product backend of the training steps: auto (openblas where available, else java), java (pure "
          + "Java: the same bits on every machine, JDK and thread count) or openblas (native: the OpenBLAS bundled in the "
          + "jar on Linux x86-64, any JDK; elsewhere a system OpenBLAS on JDK 22+). Evaluation always uses java. "
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
    return quiet ? Progress.quiet() : Progress.console(System.err);
  }

  DataBundle loadData() throws IOException {
    return DataBundle.load(dataset, Optional.ofNullable(dataDir), download, validation, seed, Optional.ofNullable(testFile));
  }

}
