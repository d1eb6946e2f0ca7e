package dev.sngrad.spark;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.bench.experiment.DataSource;
import dev.sngrad.bench.experiment.ExperimentConfig;
import dev.sngrad.bench.experiment.Progress;
import dev.sngrad.bench.experiment.RunResult;
import dev.sngrad.bench.experiment.TrainingRun;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;

/**
 * One Spark task: a run to train, where its data comes from, and what the driver expects of the
 * executor (the data's fingerprint and the matrix kernel, whose rounding decides the result's
 * bits). Small: the examples are loaded on the executor ({@link ExecutorData}), never sent.
 *
 * @param config the run
 * @param source how the executor loads the run's data
 * @param fingerprint the driver's {@link DataFingerprint} of that data
 * @param kernel the class of the driver's pure-Java matrix kernel ({@link #javaKernel()})
 * @param failFirstAttempt a test switch: the first attempt of this task fails, to prove retries
 */
record RunTask(ExperimentConfig config, DataSource source, String fingerprint, String kernel, boolean failFirstAttempt)
    implements Serializable {

  /** The pure-Java kernel of this JVM: the Vector API kernel with jdk.incubator.vector, else the scalar one. */
  static String javaKernel() {
    return MatMulKernel.defaultKernel().getClass().getSimpleName();
  }

  /** Trains the task of a one-task partition on an executor: the work of the local engine, with the same code. */
  static RunResult run(TaskContext context, Iterator<RunTask> partition) {
    RunTask task = partition.next();
    if (partition.hasNext()) {
      throw new IllegalStateException("a partition holds more than one run");
    }
    return task.run(context.attemptNumber());
  }

  /** Trains this task; {@code attempt} counts Spark's attempts from 0. */
  RunResult run(int attempt) {
    if (failFirstAttempt && attempt == 0) {
      throw new IllegalStateException("injected failure of the first attempt of " + config.key());
    }
    String here = javaKernel();
    if (!here.equals(kernel)) {
      throw new IllegalStateException("the executor's matrix kernel is " + here + ", the driver's " + kernel
          + ": results would differ in rounding; start executors and driver alike, with or without"
          + " --add-modules jdk.incubator.vector");
    }
    return new TrainingRun(ExecutorData.get(source, fingerprint), Progress.quiet()).run(config).result();
  }
}
