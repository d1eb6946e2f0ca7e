package dev.sngrad.spark;

import dev.sngrad.bench.experiment.Progress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Quiet progress that keeps the keys of the runs the Spark driver recorded, in order. */
final class RecordingProgress implements Progress {
  final List<String> recorded = new CopyOnWriteArrayList<>();

  @Override
  public Task start(String name, long total) {
    return Progress.quiet().start(name, total);
  }

  @Override
  public void message(String text) {}

  @Override
  public void event(String name, Map<String, Object> fields) {
    if (name.equals("recorded")) {
      recorded.add((String) fields.get("run"));
    }
  }
}
