package dev.sngrad.spark;

import dev.sngrad.bench.cli.SngradCommand;

/**
 * The main class of {@code sngrad-spark.jar} for spark-submit: the {@code sngrad} command line,
 * with {@code --engine spark} the default of {@code study}. For example {@code spark-submit
 * --master spark://HOST:7077 --class dev.sngrad.spark.SparkMain sngrad-spark.jar study
 * studies/main.yaml --out /shared/results/x}.
 */
public final class SparkMain {
  private SparkMain() {}

  public static void main(String[] args) {
    System.setProperty("sngrad.engine", "spark");
    System.exit(SngradCommand.commandLine().execute(args));
  }
}
