package dev.sngrad.autodiff.extending;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps {@code docs/extending.md} true: every region of a source file between two {@code //
 * [extending:NAME]} markers must appear, verbatim, in the guide. Test classes of each module call
 * it on their examples.
 */
public final class ExtendingGuide {
  private ExtendingGuide() {}

  /** Asserts that the marked region {@code name} of {@code source} is in the guide. */
  public static void assertGuideShows(Path source, String name) throws IOException {
    String marker = "// [extending:" + name + "]";
    String text = Files.readString(source);
    int start = text.indexOf(marker);
    int end = text.indexOf(marker, start + marker.length());
    assertThat(start).as("%s has no region %s", source, marker).isGreaterThanOrEqualTo(0);
    assertThat(end).as("%s has no end of region %s", source, marker).isGreaterThan(start);
    String region = text.substring(start + marker.length(), end).strip();
    String guide = Files.readString(Path.of("..", "docs", "extending.md"));
    assertThat(guide).as("docs/extending.md must show %s of %s", marker, source).contains(region);
  }
}
