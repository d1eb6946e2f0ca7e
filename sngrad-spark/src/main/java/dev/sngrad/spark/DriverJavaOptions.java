package dev.sngrad.spark;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Prints the JVM options Spark's own launcher gives a driver (the module openings of {@link
 * JavaModuleOptions}), for {@code ./sngrad}, which starts a driver without spark-submit.
 */
public final class DriverJavaOptions {
  private DriverJavaOptions() {}

  public static void main(String[] args) {
    System.out.println(JavaModuleOptions.defaultModuleOptions());
  }
}
