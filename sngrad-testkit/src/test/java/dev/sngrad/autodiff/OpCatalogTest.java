package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.testkit.OpCase;
import dev.sngrad.testkit.OpHarness;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the testkit's gradient check, per-example oracle and shape check on every op of {@link
 * OpCatalog}. It lives in sngrad-testkit's tests because the harness depends on sngrad-autodiff,
 * and Maven refuses a cycle even at test scope.
 */
class OpCatalogTest {
  static Stream<OpCase> entries() {
    return OpCatalog.ENTRIES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void vjpMatchesCentralDifferences(OpCase entry) {
    OpHarness.checkVjp(entry);
  }

  /**
   * Per-example gradients must equal one {@link Grad} call per example, and the statistics must
   * equal those of the loop's gradients; ops that mix examples must be refused.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void perExampleGradientsEqualALoop(OpCase entry) {
    OpHarness.checkPerExample(entry);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void badShapesAreRefusedNamingTheOpAndTheShapes(OpCase entry) {
    OpHarness.checkBadShapes(entry);
  }

  @Test
  void everyOpsFactoryHasAnEntry() {
    assertThat(OpHarness.factoriesWithoutCase(Ops.class, OpCatalog.ENTRIES, Set.of("apply")))
        .as("Ops factories without an OpCatalog entry").isEmpty();
    assertThat(OpCatalog.ENTRIES.stream().map(OpCase::factory).distinct().count()).isGreaterThanOrEqualTo(25);
  }
}
