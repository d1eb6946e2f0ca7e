package dev.sngrad.bench.experiment;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One dataset of a study: where its data comes from, its comparison protocol, and its folder
 * (the ledger under {@code folder/runs/}, the reports beside it).
 */
public record StudyPart(DataSource source, CompareSettings settings, Path folder) {
  /** The dataset name. */
  public String dataset() {
    return source.name();
  }

  /** The ledger of this part's finished runs. */
  public RunLedger ledger() throws IOException {
    return new RunLedger(folder);
  }

  /** What the ledger holds so far (see {@link Comparison#recorded()}); loads no data. */
  public Comparison.Result recorded() throws IOException {
    return Comparison.recorded(dataset(), settings, ledger());
  }
}
