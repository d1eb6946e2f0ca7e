package dev.sngrad.bench.experiment;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@code local} engine: trains the parts of a study in this process, one run after another. */
final class LocalEngine implements StudyEngine {
  static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public void train(List<StudyPart> parts, Optional<String> master, Progress progress, Consumer<StudyPart> finished)
      throws IOException {
    if (master.isPresent()) {
      throw new IllegalArgumentException("--master " + master.get() + " needs --engine spark");
    }
    for (StudyPart part : parts) {
      progress.message("== " + part.dataset());
      new Comparison(part.source().load(), part.settings(), part.ledger(), progress, Comparison.RunCounter.NONE).run();
      finished.accept(part);
    }
  }
}
