package dev.sngrad.spark;

import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.bench.experiment.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * The datasets of the tasks running in this JVM (an executor, or the driver in local mode), each
 * loaded once from this machine's files and verified against the driver's {@link DataFingerprint}
 * before any task trains on it. Tasks share the loaded data (it is immutable), so an executor
 * holds each dataset of a study once, however many tasks it runs, for as long as it lives (an
 * executor lives as long as its application).
 */
final class ExecutorData {
  private static final Map<DataSource, Loaded> LOADED = new ConcurrentHashMap<>();

  /** Data as loaded here, with its fingerprint. */
  private record Loaded(DataBundle data, Optional<Path> folder, String fingerprint) {}

  private ExecutorData() {}

  /**
   * The data of {@code source}, loaded on first use; fails when its fingerprint differs from
   * {@code expectedFingerprint}, naming the folder and both fingerprints.
   */
  static DataBundle get(DataSource source, String expectedFingerprint) {
    // computeIfAbsent blocks other tasks asking for the same data while it loads: one load per JVM
    Loaded loaded = LOADED.computeIfAbsent(source, ExecutorData::load);
    if (!loaded.fingerprint().equals(expectedFingerprint)) {
      throw new IllegalStateException("dataset " + source.name() + " on executor " + host() + " (looked in "
          + loaded.folder().map(Path::toString).orElse("the standard places") + " first) holds other examples than the"
          + " driver's: SHA-256 of its examples " + loaded.fingerprint() + ", the driver's " + expectedFingerprint);
    }
    return loaded.data();
  }

  private static Loaded load(DataSource source) {
    Optional<Path> folder = folderOnThisMachine(source);
    try {
      DataBundle data = source.loadFrom(folder);
      return new Loaded(data, folder, DataFingerprint.of(data));
    } catch (IOException e) {
      throw new UncheckedIOException("dataset " + source.name() + " on executor " + host() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The folder the driver named when it exists here (a shared file system); else the folder of the
   * files shipped with {@code spark-submit --files}; the loader then searches the standard places
   * ({@code $SNGRAD_DATA}, ...) when that folder does not hold the dataset.
   */
  private static Optional<Path> folderOnThisMachine(DataSource source) {
    Optional<Path> named = source.folderPath().filter(Files::isDirectory);
    if (named.isPresent() || SparkEnv.get() == null) { // no SparkEnv: not inside a Spark application
      return named.or(source::folderPath);
    }
    return Optional.of(Path.of(SparkFiles.getRootDirectory()));
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "(unknown host)";
    }
  }
}
