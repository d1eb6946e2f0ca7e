package dev.sngrad.bench.cli;

import picocli.CommandLine.Option;

/** The learning-rate grid of a search (a picocli mixin); the number of points is per command. */
final class LrGridOptions {
  @Option(names = "--lr-min", defaultValue = "0.003", description = "Lowest learning rate. Default: ${DEFAULT-VALUE}.")
  double lrMin;

  @Option(names = "--lr-max", defaultValue = "1.0", description = "Highest learning rate. Default: ${DEFAULT-VALUE}.")
  double lrMax;

  @Option(names = "--search-epochs", defaultValue = "1", description = "Epochs per search run. Default: ${DEFAULT-VALUE}.")
  int searchEpochs;
}
