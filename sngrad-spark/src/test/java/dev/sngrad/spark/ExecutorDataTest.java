package dev.sngrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.bench.experiment.DataSource;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Data fingerprints tell data apart, and an executor refuses data that differs from the driver's. */
class ExecutorDataTest {
  private static final DataSource EMBEDDED = new DataSource("embedded", "", false, 0, "");
  private static final DataSource WITH_VALIDATION = new DataSource("embedded", "", false, 1000, "");

  @Test
  void theSameDataHasTheSameFingerprintAndOtherDataAnother() throws IOException {
    String once = DataFingerprint.of(EMBEDDED.load());
    assertThat(DataFingerprint.of(EMBEDDED.load())).isEqualTo(once).hasSize(64);
    // holding 1000 examples out moves them from the training set to the validation split
    assertThat(DataFingerprint.of(WITH_VALIDATION.load())).isNotEqualTo(once);
  }

  @Test
  void dataThatDiffersFromTheDriversIsRefusedNamingBothChecksums() throws IOException {
    String drivers = DataFingerprint.of(EMBEDDED.load());
    assertThatThrownBy(() -> ExecutorData.get(WITH_VALIDATION, drivers))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataset embedded on executor")
        .hasMessageContaining("the driver's " + drivers);
    assertThat(ExecutorData.get(EMBEDDED, drivers).train().size()).isEqualTo(EMBEDDED.load().train().size());
  }

  @Test
  void unreachableAndMalformedMastersAreRefusedBeforeSparkStarts() {
    assertThatThrownBy(() -> SparkEngine.checkReachable("spark://127.0.0.1:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot reach the Spark master spark://127.0.0.1:1");
    assertThatThrownBy(() -> SparkEngine.checkReachable("spark://127.0.0.1:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no port number");
    SparkEngine.checkReachable("local[2]"); // nothing to reach
  }

  @Test
  void driverOptionsKeepOnlyOpeningsOfPackagesThisJdkHas() {
    assertThat(DriverJavaOptions.opensAnExistingPackage("--add-opens=java.base/java.lang=ALL-UNNAMED")).isTrue();
    assertThat(DriverJavaOptions.opensAnExistingPackage("--add-opens=java.base/no.such.pkg=ALL-UNNAMED")).isFalse();
    assertThat(DriverJavaOptions.opensAnExistingPackage("--add-opens=no.such.module/java.lang=ALL-UNNAMED")).isFalse();
    assertThat(DriverJavaOptions.opensAnExistingPackage("-Dio.netty.tryReflectionSetAccessible=true")).isTrue();
  }
}
