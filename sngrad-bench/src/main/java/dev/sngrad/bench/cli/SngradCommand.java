package dev.sngrad.bench.cli;

import dev.sngrad.data.registry.DatasetRegistry;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sngrad} command line: {@code train}, {@code lr-search}, {@code compare} (the main
 * job) and {@code study}. Argument errors print one line and exit with 2; runtime errors (a
 * missing dataset, an unreadable file) print the message and exit with 1.
 */
@Command(
    name = "sngrad",
    mixinStandardHelpOptions = true,
    version = "sngrad 0.1.0-SNAPSHOT",
    description = "Neural-network training with per-example gradient statistics (signal-to-noise rules I, II, III).",
    subcommands = {TrainCommand.class, LrSearchCommand.class, CompareCommand.class, StudyCommand.class},
    footerHeading = "%n",
    footer = "Run 'sngrad compare' for the main job on the embedded Fashion-MNIST subset.")
public final class SngradCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with sngrad's error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SngradCommand());
    // every command that loads data explains where it looks (not a constant, so not in annotations)
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      String footer = NetworkOptions.COMMANDS.contains(sub.getKey()) || sub.getKey().equals("study")
          ? NetworkOptions.HELP + "\n\n" + DATA_HELP : DATA_HELP;
      sub.getValue().getCommandSpec().usageMessage().footerHeading("%n").footer(footer.split("\\R"));
    }
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof IllegalArgumentException) {
        err.println("sngrad: " + e.getMessage());
        return 2;
      }
      err.println("sngrad: " + e.getMessage());
      return 1;
    });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Shown in the help of every command that loads data. */
  private static final String DATA_HELP = DatasetRegistry.builtIn().searchOrderHelp();
}
