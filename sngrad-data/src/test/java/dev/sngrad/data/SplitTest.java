package dev.sngrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
  /** Example i has pixel value i and label i % 2, so examples can be identified. */
  private static Dataset numbered(int n) {
    byte[] pixels = new byte[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      pixels[i] = (byte) i;
      labels[i] = i % 2;
    }
    return Dataset.of("numbered", pixels, labels, new ImageShape(1, 1, 1), List.of("even", "odd"));
  }

  private static Set<Integer> ids(Dataset d) {
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      ids.add(d.pixel(i, 0));
    }
    return ids;
  }

  @Test
  void splitsIntoDisjointPartsCoveringEverything() {
    Split split = Split.trainValidation(numbered(200), 50, 42);

    assertThat(split.validation().size()).isEqualTo(50);
    assertThat(split.train().size()).isEqualTo(150);
    Set<Integer> all = new HashSet<>(ids(split.train()));
    all.addAll(ids(split.validation()));
    assertThat(all).hasSize(200);
    assertThat(split.train().name()).isEqualTo("numbered/train");
    assertThat(split.validation().name()).isEqualTo("numbered/validation");
    // labels travel with their examples
    for (int i = 0; i < split.validation().size(); i++) {
      assertThat(split.validation().label(i)).isEqualTo(split.validation().pixel(i, 0) % 2);
    }
  }

  @Test
  void isReproducibleAndSeedDependent() {
    Dataset d = numbered(200);
    assertThat(ids(Split.trainValidation(d, 20, 1).validation()))
        .isEqualTo(ids(Split.trainValidation(d, 20, 1).validation()))
        .isNotEqualTo(ids(Split.trainValidation(d, 20, 2).validation()));
  }

  @Test
  void rejectsImpossibleSizes() {
    assertThatThrownBy(() -> Split.trainValidation(numbered(10), 11, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validation size 11 is not in [0, 10]");
  }
}
