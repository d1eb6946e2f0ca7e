package dev.sngrad.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where long work reports itself: a progress bar with ETA on a terminal, plain lines in a log,
 * nothing, or one JSON object per line for scripts.
 */
public interface Progress {
  /** A task of {@code total} units begins; close it when done. */
  Task start(String name, long total);

  /** A line of text for people (ignored in JSON-lines mode). */
  void message(String text);

  /** A structured event: in JSON-lines mode one line {@code {"event": name, ...fields}}. */
  void event(String name, Map<String, Object> fields);

  /** A running task. */
  interface Task extends AutoCloseable {
    /** One more unit done; {@code detail} is shown beside the bar. */
    void step(String detail);

    @Override
    void close();
  }

  /** A task that shows nothing of its steps. */
  private static Task idle() {
    return new Task() {
      @Override
      public void step(String detail) {}

      @Override
      public void close() {}
    };
  }

  /** Reports nothing. */
  static Progress quiet() {
    return new Progress() {
      @Override
      public Task start(String name, long total) {
        return idle();
      }

      @Override
      public void message(String text) {}

      @Override
      public void event(String name, Map<String, Object> fields) {}
    };
  }

  /**
   * Messages on {@code err}, and for tasks progress bars with ETA when {@code terminal}. Bars redraw
   * one line with carriage returns, which only a terminal shows as one line; elsewhere (a log file,
   * CI, {@code nohup}) a task prints its name once when it starts, and the per-epoch messages are
   * its progress, one line each.
   */
  static Progress console(PrintStream err, boolean terminal) {
    return terminal ? bars(err) : lines(err);
  }

  /** Messages, and each task's name when it starts, on {@code err}: plain lines for logs. */
  private static Progress lines(PrintStream err) {
    return new Progress() {
      @Override
      public Task start(String name, long total) {
        err.println(name);
        return idle();
      }

      @Override
      public void message(String text) {
        err.println(text);
      }

      @Override
      public void event(String name, Map<String, Object> fields) {}
    };
  }

  /** Progress bars with ETA and messages on {@code err}, for a terminal. */
  private static Progress bars(PrintStream err) {
    return new Progress() {
      @Override
      public Task start(String name, long total) {
        ProgressBar bar = new ProgressBarBuilder()
            .setTaskName(name)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
            .setUpdateIntervalMillis(250)
            .showSpeed()
            .build();
        return new Task() {
          @Override
          public void step(String detail) {
            bar.step();
            bar.setExtraMessage(detail);
          }

          @Override
          public void close() {
            bar.close();
          }
        };
      }

      @Override
      public void message(String text) {
        err.println(text);
      }

      @Override
      public void event(String name, Map<String, Object> fields) {}
    };
  }

  /** One JSON object per line on {@code out}, for scripts; no bars. */
  static Progress jsonLines(PrintStream out) {
    ObjectMapper json = new ObjectMapper();
    return new Progress() {
      @Override
      public Task start(String name, long total) {
        event("start", Map.of("task", name, "total", total));
        return new Task() {
          @Override
          public void step(String detail) {}

          @Override
          public void close() {
            event("end", Map.of("task", name));
          }
        };
      }

      @Override
      public void message(String text) {}

      @Override
      public void event(String name, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", name);
        line.putAll(fields);
        try {
          out.println(json.writeValueAsString(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
