package dev.sngrad.spark;

import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.StudyEngine;
import dev.sngrad.bench.experiment.StudyPart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code spark} engine of {@code sngrad study}: every learning-rate search point and training
 * run is one Spark task (see {@link SparkStudy}). The master is {@code --master}, else
 * spark-submit's, else {@code local[*]}. Each task takes {@code spark.task.cpus} cores, by default
 * the runs' matrix-kernel threads ({@code --threads}, default 1 for this engine). Executors get
 * {@code --add-modules jdk.incubator.vector}, as the driver has it from {@code ./sngrad}, so that
 * both use the same matrix kernel; a task checks that they do.
 */
public final class SparkEngine implements StudyEngine {
  /** A Spark setting of the test switch that fails the first attempt of the run with this key. */
  public static final String FAIL_FIRST_ATTEMPT_OF = "spark.sngrad.test.failFirstAttemptOf";

  private static final String VECTOR_MODULE = "--add-modules jdk.incubator.vector";
  static final String NETWORK_TIMEOUT = "spark.network.timeout";
  /** A day: a local study is not waiting for any other machine. */
  static final String LOCAL_NETWORK_TIMEOUT = "86400s";

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public int defaultThreads() {
    return 1;
  }

  @Override
  public void train(List<StudyPart> parts, Optional<String> master, Progress progress, Consumer<StudyPart> finished)
      throws IOException {
    if (parts.isEmpty()) {
      return;
    }
    SparkConf conf = configuration(master, parts.get(0).settings().threads());
    checkReachable(conf.get("spark.master"));
    JavaSparkContext spark;
    try {
      spark = new JavaSparkContext(conf);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot start Spark on master " + conf.get("spark.master") + ": " + e.getMessage(), e);
    }
    try {
      new SparkStudy(spark, progress, Optional.ofNullable(conf.get(FAIL_FIRST_ATTEMPT_OF, null))).train(parts, finished);
    } finally {
      spark.close();
    }
  }

  /**
   * The application's settings: whatever spark-submit or {@code spark.*} system properties set,
   * the master of {@code --master}, and defaults for what neither sets.
   */
  static SparkConf configuration(Optional<String> master, int threadsPerRun) {
    SparkConf conf = new SparkConf().setAppName("sngrad study");
    master.ifPresent(conf::setMaster);
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.task.cpus", Integer.toString(threadsPerRun));
    if (conf.get("spark.master").startsWith("local")) {
      // Driver and executor are one JVM, so the executor cannot be lost; but a JVM suspended for
      // longer than the default 120 s (a sleeping laptop, a debugger, a stopped process) woke to
      // its heartbeat receiver declaring the executor dead, and the runs in flight were
      // marked lost, their finished results ignored and the runs started again.
      conf.setIfMissing(NETWORK_TIMEOUT, LOCAL_NETWORK_TIMEOUT);
    }
    String options = conf.get("spark.executor.extraJavaOptions", "");
    if (RunTask.javaKernel().startsWith("Vector") && !options.contains("jdk.incubator.vector")) {
      conf.set("spark.executor.extraJavaOptions", (options + " " + VECTOR_MODULE).strip());
    }
    return conf;
  }

  /**
   * Fails with one message when no master of a {@code spark://} URL accepts connections: a
   * standalone client would otherwise retry for a minute and then stop without a useful error.
   */
  static void checkReachable(String master) {
    if (!master.startsWith("spark://")) {
      return;
    }
    String problem = "";
    for (String address : master.substring("spark://".length()).split(",")) {
      int colon = address.lastIndexOf(':');
      String host = colon < 0 ? address : address.substring(0, colon);
      int port;
      try {
        port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("master " + master + ": '" + address + "' has no port number");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        return;
      } catch (IOException e) {
        problem = e.getMessage();
      }
    }
    throw new IllegalArgumentException("cannot reach the Spark master " + master + " (" + problem + ")");
  }

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
}
