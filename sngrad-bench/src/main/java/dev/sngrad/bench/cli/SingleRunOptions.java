package dev.sngrad.bench.cli;

import dev.sngrad.bench.experiment.OptimizerSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The network, optimizer and batch size of commands that train one configuration (a picocli mixin). */
final class SingleRunOptions {
  @Mixin NetworkOptions network = new NetworkOptions("mlp:512,512");

  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, momentum or adam. Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(names = "--rule", defaultValue = "none", description = "sngrad rule: none, I, II or III. Default: ${DEFAULT-VALUE}.")
  String rule;

  @Option(names = "--alpha", description = "The rule's alpha (> 0). Default: I 0.1, II 0.05, III 0.1.")
  Double alpha;

  @Option(names = "--warmup", paramLabel = "N",
      description = "Raise the learning rate linearly over the first N updates (the first at lr/N), then keep it. Default: none.")
  Integer warmupSteps;

  @Option(names = "--clip", paramLabel = "C",
      description = "Scale the update (after the rule) down to a global L2 norm of at most C before the learning rate. Default: none.")
  Double clipNorm;

  @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  /**
   * The optimizer named by {@code --optimizer}, {@code --rule}, {@code --alpha}, {@code --warmup},
   * {@code --clip} and {@code epsilon}, in the syntax of {@link OptimizerSpec#parse}.
   */
  OptimizerSpec optimizer(double epsilon) {
    String text = rule.equalsIgnoreCase("none") ? optimizer : optimizer + "+" + rule + (alpha == null ? "" : ":" + alpha);
    text += (warmupSteps == null ? "" : "@warmup:" + warmupSteps) + (clipNorm == null ? "" : "@clip:" + clipNorm);
    return OptimizerSpec.parse(text, epsilon);
  }
}
