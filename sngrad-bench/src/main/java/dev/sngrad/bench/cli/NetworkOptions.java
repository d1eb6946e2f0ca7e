package dev.sngrad.bench.cli;

import dev.sngrad.nn.spec.ModelSpec;
import java.util.Set;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --model} and its older short form {@code --hidden} (a picocli mixin). */
final class NetworkOptions {
  private final String defaultModel;

  @Option(names = "--model", paramLabel = "SPEC",
      description = "The network: mlp:W,W,..., cnn-small or layer tokens, e.g. conv:32k3p1,relu,maxpool:2,flatten,dense"
          + " (see Models below). Default: mlp:512,512 (compare: mlp:128,128).")
  String model;

  @Option(names = "--hidden", split = ",", paramLabel = "N,N",
      description = "Hidden layer widths of a ReLU MLP: the same as --model mlp:N,N. Default: see --model.")
  List<Integer> hidden;

  /** The commands that take {@code --model}; their help ends with {@link #HELP}. */
  static final Set<String> COMMANDS = Set.of("train", "compare", "lr-search");

  /** The model grammar as a section of {@code --help}. */
  static final String HELP = "Models (--model, and model: in study files):\n" + ModelSpec.GRAMMAR_LINES;

  NetworkOptions(String defaultModel) {
    this.defaultModel = defaultModel;
  }

  /**
   * The model spec text: {@code --model}, or the MLP of {@code --hidden}, or the command's default.
   *
   * @throws IllegalArgumentException if both options are given or the spec cannot be read, naming the bad token
   */
  String model() {
    if (model != null && hidden != null) {
      throw new IllegalArgumentException("give --model or --hidden, not both (--hidden N,N is --model mlp:N,N)");
    }
    String text = model != null ? model : hidden != null ? ModelSpec.mlp(hidden).text() : defaultModel;
    return ModelSpec.parse(text).text();
  }
}
