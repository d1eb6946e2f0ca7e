package dev.sngrad.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts failed task attempts of the driver in this JVM (registered with spark.extraListeners). */
public final class FailedTasks extends SparkListener {
  static final AtomicInteger COUNT = new AtomicInteger();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskInfo().failed()) {
      COUNT.incrementAndGet();
    }
  }
}
