package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The choice between the passes' Vector API loops and their scalar twins. */
class CpuFeaturesTest {
  @Test
  void thePassesTakeTheVectorLoopsWhereverTheModuleIsUnlessThePropertySaysFalse() {
    assertThat(CpuFeatures.vectorLoops(true, null)).isTrue();
    assertThat(CpuFeatures.vectorLoops(true, "true")).isTrue();
    assertThat(CpuFeatures.vectorLoops(true, "false")).isFalse();
    assertThat(CpuFeatures.vectorLoops(false, null)).isFalse();
    assertThat(CpuFeatures.vectorLoops(false, "true")).as("the property cannot add the module").isFalse();
  }

  @Test
  void aPropertyOtherThanTrueOrFalseIsRejectedByName() {
    assertThatThrownBy(() -> CpuFeatures.vectorLoops(true, "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sngrad.vector.loops=yes");
  }

  @Test
  void theMatrixKernelPacksWithTheVectorApiFromJdk25On() {
    assertThat(CpuFeatures.vectorPacking(17)).as("JDK 17 boxes the packing's moves").isFalse();
    assertThat(CpuFeatures.vectorPacking(24)).as("not measured").isFalse();
    assertThat(CpuFeatures.vectorPacking(25)).isTrue();
    assertThat(CpuFeatures.vectorPacking(26)).isTrue();
    assertThat(CpuFeatures.vectorPacking()).isEqualTo(Runtime.version().feature() >= 25);
  }

  @Test
  void thePassesTakeEightDoublesPerVectorWith512BitVectorsFromJdk25On() {
    assertThat(CpuFeatures.passLanes(25, 512, null)).isEqualTo(8);
    assertThat(CpuFeatures.passLanes(26, 512, null)).isEqualTo(8);
    assertThat(CpuFeatures.passLanes(25, 256, null)).as("AVX2: 512-bit vectors would be emulated").isEqualTo(4);
    assertThat(CpuFeatures.passLanes(17, 512, null)).as("JDK 17 boxes 512-bit conversions").isEqualTo(4);
    assertThat(CpuFeatures.passLanes(24, 512, null)).as("not measured").isEqualTo(4);
    assertThat(CpuFeatures.passLanes(17, 512, "8")).as("the property decides").isEqualTo(8);
    assertThat(CpuFeatures.passLanes(25, 512, "4")).isEqualTo(4);
    assertThatThrownBy(() -> CpuFeatures.passLanes(25, 512, "16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sngrad.vector.passLanes=16");
  }

  @Test
  void theBiasMomentsTakeTheVectorLoopFromJdk25On() {
    assertThat(CpuFeatures.vectorReductions(true, 17)).as("JDK 17 boxes the loop's stores").isFalse();
    assertThat(CpuFeatures.vectorReductions(true, 24)).as("not measured").isFalse();
    assertThat(CpuFeatures.vectorReductions(true, 25)).isTrue();
    assertThat(CpuFeatures.vectorReductions(true, 26)).isTrue();
    assertThat(CpuFeatures.vectorReductions(false, 25)).as("-Dsngrad.vector.loops=false").isFalse();
    assertThat(CpuFeatures.vectorReductions())
        .isEqualTo(CpuFeatures.vectorApi() && Runtime.version().feature() >= 25);
  }

  @Test
  void theTestJvmTakesTheVectorLoops() {
    // surefire starts the JVM with --add-modules jdk.incubator.vector and without the property
    assertThat(CpuFeatures.vectorModule()).isTrue();
    assertThat(CpuFeatures.vectorApi()).isTrue();
  }
}
