package dev.sngrad.data.tool;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.fetch.DatasetLocation;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetSpec;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.registry.DatasetRegistry;
import dev.sngrad.data.registry.KnownDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Command line: {@code locate DATASET [--data-dir DIR] [--offline]} finds (downloading if needed
 * and allowed) and loads a dataset, printing its folder and per-class counts; {@code embedded}
 * describes the embedded Fashion-MNIST subset; {@code --help} prints usage and the search order.
 * Exit status: 0 success, 1 data error, 2 usage error.
 */
public final class DataTool {

  private DataTool() {}

  /**
   * Runs the tool and exits the JVM with its status.
   *
   * @param args the command and its arguments, as in the class comment
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * The usage text, including the dataset search order.
   *
   * @return several lines, each ended by the platform's line separator
   */
  public static String usage() {
    String nl = System.lineSeparator();
    return "Usage: java -cp sngrad-data.jar "
        + DataTool.class.getName()
        + " COMMAND"
        + nl
        + "Commands:"
        + nl
        + "  locate DATASET [--data-dir DIR] [--offline]  find (or download) DATASET, load it,"
        + nl
        + "                                              print its folder and per-class counts"
        + nl
        + "  embedded                                    describe the embedded Fashion-MNIST subset"
        + nl
        + "  --help                                      print this text"
        + nl
        + "DATASET is one of "
        + String.join(", ", DatasetRegistry.builtIn().names())
        + ". --offline never downloads."
        + nl
        + DatasetRegistry.builtIn().searchOrderHelp()
        + nl;
  }

  /**
   * Runs the tool.
   *
   * @return the exit status: 0 success, 1 data error, 2 usage error
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : out).print(usage());
      return args.length == 0 ? 2 : 0;
    }
    try {
      switch (args[0]) {
        case "embedded":
          if (args.length != 1) {
            return usageError(err, "embedded takes no arguments");
          }
          TrainTest subset = FashionMnist.embeddedSubset();
          out.println(
              "embedded Fashion-MNIST subset (" + FashionMnist.EMBEDDED_RESOURCE_FOLDER + ")");
          describe(out, subset);
          return 0;
        case "locate":
          return locate(Arrays.copyOfRange(args, 1, args.length), out, err);
        default:
          return usageError(err, "unknown command '" + args[0] + "'");
      }
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int locate(String[] args, PrintStream out, PrintStream err) throws IOException {
    Optional<KnownDataset> dataset = Optional.empty();
    Optional<Path> folder = Optional.empty();
    DatasetLocator.DownloadPolicy policy = DatasetLocator.DownloadPolicy.DOWNLOAD_IF_MISSING;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir":
          if (i + 1 == args.length) {
            return usageError(err, "--data-dir needs a folder");
          }
          folder = Optional.of(Path.of(args[++i]));
          break;
        case "--offline":
          policy = DatasetLocator.DownloadPolicy.NEVER;
          break;
        default:
          if (dataset.isPresent() || args[i].startsWith("-")) {
            return usageError(err, "unexpected argument '" + args[i] + "'");
          }
          try {
            dataset = Optional.of(DatasetRegistry.builtIn().get(args[i].toLowerCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
          }
      }
    }
    if (dataset.isEmpty()) {
      return usageError(err, "locate needs a DATASET");
    }
    Optional<DatasetSpec> files = dataset.get().files();
    if (files.isEmpty()) {
      out.println(dataset.get().name() + ": inside the jar");
      describe(out, dataset.get().load(DatasetLocator.standard(policy), folder));
      return 0;
    }
    DatasetLocation location = DatasetLocator.standard(policy).locate(files.get(), folder);
    out.println(
        files.get().displayName() + ": " + location.folder() + " (" + location.origin() + ")");
    describe(out, dataset.get().loadFrom(location.folder()));
    return 0;
  }

  private static void describe(PrintStream out, TrainTest data) {
    for (Dataset d : new Dataset[] {data.train(), data.test()}) {
      out.println(
          "  "
              + d.name()
              + ": "
              + d.size()
              + " x "
              + d.shape()
              + ", per class "
              + Arrays.toString(d.classCounts()));
    }
  }

  private static int usageError(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.print(usage());
    return 2;
  }
}
