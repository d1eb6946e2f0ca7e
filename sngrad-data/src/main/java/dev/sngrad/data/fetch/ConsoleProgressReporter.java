package dev.sngrad.data.fetch;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar, redrawn in place with a carriage return, e.g. {@code
 * train-images-idx3-ubyte.gz [##########..........] 50% 4.7 / 9.5 MiB}. It redraws at most once per
 * whole percent (or per MiB when the total is unknown) and ends the line on {@link #finish}. Meant
 * for one transfer at a time (not thread-safe), as {@link Downloader} does.
 */
public final class ConsoleProgressReporter implements ProgressReporter {
  private static final int WIDTH = 30;
  private static final double MIB = 1024.0 * 1024.0;

  private final PrintStream out;
  private long lastStep = -1;

  /**
   * Prints to {@code out}.
   *
   * @param out the stream to draw on, usually {@code System.err}
   * @throws NullPointerException if {@code out} is null
   */
  public ConsoleProgressReporter(PrintStream out) {
    this.out = checkNotNull(out, "out");
  }

  /**
   * A reporter printing to {@code System.err}.
   *
   * @return a new reporter
   */
  public static ConsoleProgressReporter toStandardError() {
    return new ConsoleProgressReporter(System.err);
  }

  @Override
  public void update(String label, long bytesDone, long bytesTotal) {
    long step = bytesTotal > 0 ? bytesDone * 100 / bytesTotal : bytesDone >> 20;
    if (step == lastStep) {
      return;
    }
    lastStep = step;
    out.print('\r');
    out.print(render(label, bytesDone, bytesTotal));
    out.flush();
  }

  @Override
  public void finish(String label, long bytesDone) {
    lastStep = -1;
    out.print('\r');
    out.println(render(label, bytesDone, bytesDone));
    out.flush();
  }

  /** Renders one line of the bar (without carriage return). */
  static String render(String label, long bytesDone, long bytesTotal) {
    if (bytesTotal <= 0) {
      return String.format(Locale.ROOT, "%s %.1f MiB", label, bytesDone / MIB);
    }
    int filled = (int) Math.min(WIDTH, bytesDone * WIDTH / bytesTotal);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %3d%% %6.1f / %.1f MiB",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.min(100, bytesDone * 100 / bytesTotal),
        bytesDone / MIB,
        bytesTotal / MIB);
  }
}
