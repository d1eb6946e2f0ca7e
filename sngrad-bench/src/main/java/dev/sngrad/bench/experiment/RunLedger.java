package dev.sngrad.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Every finished run of a comparison or study, one JSON file per run under {@code folder/runs/},
 * named by {@link ExperimentConfig#key()}. A file is written to a temporary name and renamed
 * atomically, so a killed process leaves either a complete record or none: started again, the
 * work continues where it stopped, never repeating or losing a finished run.
 */
public final class RunLedger {
  private final Path runs;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RunLedger(Path folder) throws IOException {
    this.runs = Files.createDirectories(folder.resolve("runs"));
  }

  /**
   * The recorded result of {@code config}, if it finished before, with whatever thread count it ran
   * on: the thread count does not change a result.
   */
  public Optional<RunResult> find(ExperimentConfig config) throws IOException {
    Path file = runs.resolve(config.key() + ".json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    RunResult r = json.readValue(file.toFile(), RunResult.class);
    if (!r.config().withThreads(config.threads()).equals(config)) {
      throw new IOException(file + " records another run than its name says: " + r.config());
    }
    return Optional.of(r);
  }

  /** Records a finished run atomically. */
  public void record(RunResult result) throws IOException {
    Path file = runs.resolve(result.config().key() + ".json");
    Path tmp = Files.createTempFile(runs, result.config().key(), ".tmp");
    try {
      json.writeValue(tmp.toFile(), result);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
