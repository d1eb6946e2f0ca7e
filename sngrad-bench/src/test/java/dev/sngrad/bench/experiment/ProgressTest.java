package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** What a run reports: a task of 3 steps, one message per epoch. */
  private static String report(boolean terminal) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress progress = Progress.console(err, terminal);
    try (Progress.Task task = progress.start("sgd lr=0.1 b=128 s=0", 3)) {
      task.step("epoch 1 loss 0.9");
      progress.message("  epoch 1/2: train loss 0.9");
      task.step("epoch 2 loss 0.7");
      task.step("epoch 2 loss 0.6");
      progress.message("  epoch 2/2: train loss 0.6");
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalEveryEpochIsOnePlainLine() {
    assertThat(report(false)).isEqualTo(String.join(System.lineSeparator(),
        "sgd lr=0.1 b=128 s=0", "  epoch 1/2: train loss 0.9", "  epoch 2/2: train loss 0.6", ""));
  }

  @Test
  void onATerminalTheBarRedrawsItsLine() {
    String out = report(true);
    assertThat(out).contains("\r").contains("sgd lr=0.1 b=128 s=0").contains("3/3")
        .contains("  epoch 1/2: train loss 0.9", "  epoch 2/2: train loss 0.6");
  }
}
