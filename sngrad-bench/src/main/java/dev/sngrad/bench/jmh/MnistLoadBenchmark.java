package dev.sngrad.bench.jmh;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.mnist.Mnist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to load the full MNIST training set (60,000 images + labels) from the official {@code .gz}
 * files into a {@link Dataset}, in milliseconds per load.
 *
 * <ul>
 *   <li>{@link #loadTrainingSet}: {@code Mnist.loadTrain}, i.e. gunzip, header and count
 *       validation, label range check;
 *   <li>{@link #gunzipOnlyBaseline}: only inflating both files through a 64 KiB buffer whose
 *       content is discarded, the lower bound for any loader of these {@code .gz} files on the
 *       JDK's zlib.
 * </ul>
 *
 * <p>The folder is {@code -p dataDir=DIR}; the default {@code auto} means the system property
 * {@code sngrad.mnist.dir}, else {@code shared/datasets/mnist} found by walking up from the working
 * directory (from the repository root that is {@code ../shared/datasets/mnist}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MnistLoadBenchmark {

  /** Folder holding {@code train-images-idx3-ubyte.gz} and {@code train-labels-idx1-ubyte.gz}. */
  @Param({"auto"})
  public String dataDir;

  private Path folder;

  /** Resolves {@link #dataDir} and fails with a clear message if the files are absent. */
  @Setup
  public void findFolder() {
    folder = dataDir.equals("auto") ? autoFolder() : Path.of(dataDir);
    if (!Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz"))) {
      throw new IllegalStateException(
          "MNIST .gz files not found in "
              + folder.toAbsolutePath()
              + "; pass -p dataDir=DIR (a folder with train-images-idx3-ubyte.gz and"
              + " train-labels-idx1-ubyte.gz)");
    }
  }

  private static Path autoFolder() {
    String property = System.getProperty("sngrad.mnist.dir");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("datasets").resolve("mnist");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Path.of("../shared/datasets/mnist");
  }

  /** Loads and validates the 60,000 training examples. */
  @Benchmark
  public Dataset loadTrainingSet() throws IOException {
    return Mnist.loadTrain(folder);
  }

  /** Baseline: inflates both files without keeping or parsing the data. Returns a checksum. */
  @Benchmark
  public long gunzipOnlyBaseline() throws IOException {
    return gunzip(folder.resolve("train-images-idx3-ubyte.gz"))
        + gunzip(folder.resolve("train-labels-idx1-ubyte.gz"));
  }

  private static long gunzip(Path file) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long sum = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sum += n + buffer[n - 1];
      }
    }
    return sum;
  }
}
