package dev.sngrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ReadOnlyBufferException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static final ImageShape SHAPE = new ImageShape(2, 1, 3);
  private static final List<String> CLASSES = List.of("a", "b", "c");

  static Dataset small() {
    byte[] pixels = new byte[4 * 6];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 10);
    }
    return Dataset.of("small", pixels, new int[] {0, 2, 2, 1}, SHAPE, CLASSES);
  }

  @Test
  void ofCopiesItsInputs() {
    byte[] pixels = new byte[6];
    int[] labels = {1};
    Dataset d = Dataset.of("d", pixels, labels, SHAPE, CLASSES);
    pixels[0] = 9;
    labels[0] = 2;
    assertThat(d.pixel(0, 0)).isZero();
    assertThat(d.label(0)).isEqualTo(1);
  }

  @Test
  void exposesPixelsAsUnsignedReadOnlyValues() {
    Dataset d = small();
    assertThat(d.pixel(3, 5)).isEqualTo(230);
    assertThat(d.pixel(2, 0)).isEqualTo(120);
    byte[] copy = new byte[8];
    d.copyPixels(1, copy, 2);
    assertThat(copy).containsExactly(0, 0, 60, 70, 80, 90, 100, 110);
    assertThatThrownBy(() -> d.pixels().put(0, (byte) 1))
        .isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void countsClassesAndTakesSubsets() {
    Dataset d = small();
    assertThat(d.classCounts()).containsExactly(1, 1, 2);
    Dataset s = d.subset("s", new int[] {3, 0});
    assertThat(s.labels()).containsExactly(1, 0);
    assertThat(s.pixel(0, 0)).isEqualTo(d.pixel(3, 0));
    assertThat(s.name()).isEqualTo("s");
    assertThat(s).hasToString("Dataset[s, 2 x [2, 1, 3]]");
  }

  @Test
  void rejectsInconsistentInputs() {
    assertThatThrownBy(() -> Dataset.of("bad", new byte[5], new int[] {0}, SHAPE, CLASSES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset bad: 5 pixels do not hold 1 images of shape [2, 1, 3]");
    assertThatThrownBy(() -> Dataset.of("bad", new byte[6], new int[] {3}, SHAPE, CLASSES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 3 of example 0 is outside [0, 3)");
    assertThatThrownBy(() -> small().label(4)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
