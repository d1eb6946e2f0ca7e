package dev.sngrad.optim.snr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The scalar rules of {@link SnrRule} and the rule cases of {@link VectorSnrPass} are what {@link
 * RuleDefinitions} writes: each rule has one definition, and both paths are written from it. With
 * {@code -Dsngrad.writeGeneratedRules=true} the test rewrites the generated code instead of failing.
 * Each generated region starts at a line {@code // Generated from RuleDefinitions.of(SnrRule.X)...}
 * and ends at the next {@code // End of generated code.}; the start line's indentation is the code's.
 */
class GeneratedRulesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/sngrad/optim/snr");
  private static final String END = "// End of generated code.";

  @Test
  void scalarRulesAreWrittenFromTheDefinitions() throws IOException {
    check(SOURCES.resolve("SnrRule.java"), LaneProgram::scalarJava);
  }

  @Test
  void vectorRulesAreWrittenFromTheDefinitions() throws IOException {
    check(SOURCES.resolve("VectorSnrPass.java"), LaneProgram::vectorJava);
  }

  @Test
  void theProgramsWriteTheSameOperationsForBothPaths() {
    LaneProgram rule = RuleDefinitions.of(SnrRule.I);
    assertThat(rule.scalarJava("")).isEqualTo("""
        if (epsilon < 1.0 && variance < 0.98 * (1.0 - epsilon) * (1.0 - epsilon) / (alpha * alpha)) {
          return 1.0;
        }
        double sigma = Math.sqrt(variance);
        double denominator = sigma * alpha + epsilon;
        if (!(denominator < Double.POSITIVE_INFINITY)) {
          return rareFactor(mu, variance, alpha, epsilon);
        }
        return denominator <= 1.0 ? 1.0 : 1.0 / denominator;
        """);
    assertThat(rule.vectorJava("")).isEqualTo("""
        VectorMask<Double> undamped = epsilon < 1.0
            ? v.compare(VectorOperators.LT, 0.98 * (1.0 - epsilon) * (1.0 - epsilon) / (alpha * alpha))
            : none;
        if (undamped.allTrue()) {
          factor = one;
          unit = true;
        } else {
          DoubleVector sigma = v.sqrt();
          DoubleVector denominator = sigma.mul(alpha).add(epsilon);
          rare |= !denominator.compare(VectorOperators.LT, Double.POSITIVE_INFINITY).allTrue();
          factor = one.div(denominator).blend(one, denominator.compare(VectorOperators.LE, 1.0));
        }
        """);
  }

  private static void check(Path file, BiFunction<LaneProgram, String, String> writer) throws IOException {
    String source = Files.readString(file, StandardCharsets.UTF_8);
    String expected = source;
    for (SnrRule rule : SnrRule.values()) {
      expected = replaceRegion(expected, rule, writer);
    }
    if (Boolean.getBoolean("sngrad.writeGeneratedRules") && !expected.equals(source)) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      return;
    }
    assertThat(source)
        .as("%s differs from what RuleDefinitions writes; run GeneratedRulesTest with"
            + " -Dsngrad.writeGeneratedRules=true after editing the definitions", file)
        .isEqualTo(expected);
  }

  private static String replaceRegion(String source, SnrRule rule, BiFunction<LaneProgram, String, String> writer) {
    String marker = "// Generated from RuleDefinitions.of(SnrRule." + rule + ")";
    int markerAt = source.indexOf(marker);
    assertThat(markerAt).as("the start of rule %s's generated code", rule).isNotNegative();
    assertThat(source.indexOf(marker, markerAt + 1)).as("a second start of rule %s's code", rule).isNegative();
    int lineStart = source.lastIndexOf('\n', markerAt) + 1;
    String indent = source.substring(lineStart, markerAt);
    assertThat(indent).as("indentation of rule %s's start line", rule).isBlank();
    int bodyStart = source.indexOf('\n', markerAt) + 1;
    int endAt = source.indexOf(indent + END, bodyStart);
    assertThat(endAt).as("the end of rule %s's generated code", rule).isGreaterThanOrEqualTo(bodyStart);
    return source.substring(0, bodyStart) + writer.apply(RuleDefinitions.of(rule), indent) + source.substring(endAt);
  }
}
