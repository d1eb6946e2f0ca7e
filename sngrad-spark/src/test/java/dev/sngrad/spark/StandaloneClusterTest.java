package dev.sngrad.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.bench.experiment.RunResult;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone Spark cluster on 127.0.0.1, started by the test from Spark's own Master and Worker
 * classes (one worker, 2 cores), runs the tiny study to the local engine's ledger; the cluster is
 * stopped afterwards.
 */
class StandaloneClusterTest {
  @TempDir Path dir;

  private final List<Process> cluster = new ArrayList<>();
  private final List<String> properties = List.of(
      "spark.driver.host", "spark.driver.bindAddress", "spark.executor.extraClassPath", "spark.executorEnv.SPARK_SCALA_VERSION",
      "spark.ui.enabled", "spark.executor.memory", "spark.task.maxFailures");

  @AfterEach
  void stopTheCluster() throws InterruptedException {
    for (Process p : cluster) {
      p.destroy();
    }
    for (Process p : cluster) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    properties.forEach(System::clearProperty);
  }

  @Test
  void theTinyStudyOnAStandaloneClusterGivesTheLocalLedger() throws Exception {
    Path study = TinyStudy.write(dir);
    Map<String, RunResult> expected = TinyStudy.localLedger();

    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // the Worker wants a Spark home with a jars/ folder; the executors get their classes from extraClassPath
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home").resolve("jars")).getParent();
    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;
    start(classpath, sparkHome, "master", "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
    awaitPort(masterPort, Duration.ofSeconds(60));
    start(classpath, sparkHome, "worker", "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--cores", "2", "--memory", "2g", "--webui-port", Integer.toString(freePort()), master);

    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.executor.extraClassPath", classpath);
    System.setProperty("spark.executorEnv.SPARK_SCALA_VERSION", "2.13");
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.executor.memory", "1g");
    System.setProperty("spark.task.maxFailures", "2");
    Path out = dir.resolve("cluster");
    TinyStudy.Outcome o = TinyStudy.sngrad("study", study.toString(), "--out", out.toString(), "--engine", "spark",
        "--master", master, "-q");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(TinyStudy.ledger(out)).isEqualTo(expected);
  }

  private void start(String classpath, Path sparkHome, String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOG_DIR", dir.toString());
    cluster.add(pb.start());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitPort(int port, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IOException("the Spark master did not open port " + port + " within " + timeout + "; see "
        + dir.resolve("master.log") + File.separator);
  }
}
