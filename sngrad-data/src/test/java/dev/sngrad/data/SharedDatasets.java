package dev.sngrad.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the read-only real datasets ({@code shared/datasets} beside the repository root, i.e.
 * {@code ../shared/datasets} from the root and {@code ../../shared/datasets} from a module). The
 * system property {@code sngrad.shared.datasets} overrides the search; otherwise the folders from
 * the working directory upwards are searched for {@code shared/datasets/README.md}.
 */
public final class SharedDatasets {
  /** The system property that names the folder explicitly. */
  public static final String PROPERTY = "sngrad.shared.datasets";

  private SharedDatasets() {}

  /** The shared datasets folder, if present. */
  public static Optional<Path> find() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      Path p = Path.of(property);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("datasets");
      if (Files.isRegularFile(candidate.resolve("README.md"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns {@code shared/datasets/<name>}, or aborts the calling test (JUnit assumption, reported
   * as skipped) with a message saying the real data is absent.
   */
  public static Path require(String name) {
    Optional<Path> root = find();
    String property = System.getProperty(PROPERTY);
    assumeTrue(
        root.isPresent(),
        property != null && !property.isBlank()
            ? "SKIPPED: real dataset folder -D" + PROPERTY + "=" + property + " does not exist"
            : "SKIPPED: real dataset folder shared/datasets not found (searched upwards from "
                + Path.of("").toAbsolutePath()
                + "; set -D"
                + PROPERTY
                + "=DIR to point at it)");
    Path folder = root.get().resolve(name);
    assumeTrue(
        Files.isDirectory(folder),
        "SKIPPED: " + folder + " is absent, so the real " + name + " test cannot run");
    return folder;
  }
}
