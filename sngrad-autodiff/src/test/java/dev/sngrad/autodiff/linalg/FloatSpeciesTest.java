package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * Every full-width float loop on the Vector API uses the matrix kernel's species. A loop on {@code
 * SPECIES_PREFERRED} (512 bits on an AVX-512 machine) beside the kernel's 256-bit vectors made the
 * type profiles of {@code FloatVector}'s shared methods bimorphic; C2 then boxed the kernel's
 * accumulators in every block, about 49 MB per example of a cnn-small training step, which JMH's
 * {@code -prof gc} shows and no functional test does. This guards the choice.
 */
class FloatSpeciesTest {
  private static Object species(String className, String field) throws ReflectiveOperationException {
    Field f = Class.forName(className).getDeclaredField(field);
    f.setAccessible(true);
    return f.get(null);
  }

  @Test
  void reluAndTheFiniteScanUseTheKernelsSpecies() throws ReflectiveOperationException {
    Object kernel = species("dev.sngrad.autodiff.linalg.VectorMatMulKernel", "LANES8");
    assertThat(kernel.toString()).contains("256");
    assertThat(species("dev.sngrad.autodiff.op.VectorRelu", "SPECIES")).isSameAs(kernel);
    assertThat(species("dev.sngrad.autodiff.tensor.VectorFiniteScan", "SPECIES")).isSameAs(kernel);
  }
}
