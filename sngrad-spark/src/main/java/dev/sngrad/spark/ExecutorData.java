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
import org.apache.spark.SparkFiles;

/**
 * The datasets of the tasks running in this JVM (an executor, or the driver in local mode), each
 * loaded once from this machine's files and verified against the driver's {@link DataFingerprint}
 * before any task trains on it. Tasks share the loaded data (it is immutable), so an executor
 * holds each dataset of a study once, however many tasks it runs.
 */
final class ExecutorData {
  private static final Map<DataSource, DataBundle> LOADED = new ConcurrentHashMap<>();

  private ExecutorData() {}

  /**
   * The data of {@code source}, loaded on first use; fails when its fingerprint differs from
   * {@code expectedFingerprint}, naming the folder and both fingerprints.
   */
  static DataBundle get(DataSource source, String expectedFingerprint) {
    // computeIfAbsent blocks other tasks asking for the same data while it loads: one load per JVM
    return LOADED.computeIfAbsent(source, s -> loadAndVerify(s, expectedFingerprint));
  }

  private static DataBundle loadAndVerify(DataSource source, String expectedFingerprint) {
    Optional<Path> folder = folderOnThisMachine(source);
    DataBundle data;
    try {
      data = source.loadFrom(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("dataset " + source.name() + " on executor " + host() + ": " + e.getMessage(), e);
    }
    String found = DataFingerprint.of(data);
    if (!found.equals(expectedFingerprint)) {
      throw new IllegalStateException("dataset " + source.name() + " on executor " + host() + " (looked in "
          + folder.map(Path::toString).orElse("the standard places") + " first) holds other examples than the driver's:"
          + " SHA-256 of its examples " + found + ", the driver's " + expectedFingerprint);
    }
    return data;
  }

  /**
   * The folder the driver named when it exists here (a shared file system); else the folder of the
   * files shipped with {@code spark-submit --files}; the loader then searches the standard places
   * ({@code $SNGRAD_DATA}, ...) when that folder does not hold the dataset.
   */
  private static Optional<Path> folderOnThisMachine(DataSource source) {
    return source.folderPath().filter(Files::isDirectory).or(() -> Optional.of(Path.of(SparkFiles.getRootDirectory())));
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "(unknown host)";
    }
  }
}
