package dev.sngrad.bench.cli;

import picocli.CommandLine.Option;

/** The learning-rate grid of a search (a picocli mixin); the number of points is per command. */
final class LrGridOptions {
  /** The criterion {@code --search-criterion} names. */
  dev.sngrad.bench.experiment.SearchCriterion criterion() {
    return dev.sngrad.bench.experiment.SearchCriterion.parse(searchCriterion);
  }

  @Option(names = "--lr-min", defaultValue = "0.003", description = "Lowest learning rate. Default: ${DEFAULT-VALUE}.")
  double lrMin;

  @Option(names = "--lr-max", defaultValue = "1.0", description = "Highest learning rate. Default: ${DEFAULT-VALUE}.")
  double lrMax;

  @Option(names = "--search-criterion", defaultValue = "tail", paramLabel = "NAME",
      description = "Which loss of a search run ranks the rates: tail (training loss, mean over the last 20%% of the last "
          + "search epoch's steps), epoch-mean (training loss over the whole epoch, which favours too small rates) or "
          + "validation-loss (on the --validation split after the search; for noisy training labels). Default: ${DEFAULT-VALUE}.")
  String searchCriterion;

  @Option(names = "--search-epochs", defaultValue = "1", description = "Epochs per search run. Default: ${DEFAULT-VALUE}.")
  int searchEpochs;
}
