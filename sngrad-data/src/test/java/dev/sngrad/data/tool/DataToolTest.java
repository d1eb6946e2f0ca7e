package dev.sngrad.data.tool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.data.SharedDatasets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataToolTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return DataTool.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
  }

  @Test
  void helpDocumentsTheSearchOrder() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(UTF_8))
        .contains("locate DATASET [--data-dir DIR] [--offline]")
        .contains("1. the folder given on the command line (--data-dir DIR)")
        .contains("2. $SNGRAD_DATA/<name>/")
        .contains("3. ~/.sngrad/datasets/<name>/")
        .contains("4. /usr/share/datasets/<name>/")
        .contains("5. download from the official mirror");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("locate", "imagenet")).isEqualTo(2);
    assertThat(err.toString(UTF_8)).contains("unknown dataset 'imagenet'");
    assertThat(run("frobnicate")).isEqualTo(2);
  }

  @Test
  void describesTheEmbeddedSubset() {
    assertThat(run("embedded")).isZero();
    assertThat(out.toString(UTF_8))
        .contains("fashion-mnist-subset/train: 10000 x [1, 28, 28], per class [1000, 1000")
        .contains("fashion-mnist-subset/test: 2000 x [1, 28, 28]");
  }

  @Test
  void locatesAndLoadsAGivenFolderOffline() {
    Path mnist = SharedDatasets.require("mnist");
    assertThat(run("locate", "mnist", "--offline", "--data-dir", mnist.toString())).isZero();
    assertThat(out.toString(UTF_8))
        .contains("MNIST: " + mnist + " (CALLER_FOLDER)")
        .contains("mnist/train: 60000 x [1, 28, 28], per class [5923, 6742");
  }
}
