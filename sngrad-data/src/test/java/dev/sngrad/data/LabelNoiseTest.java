package dev.sngrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {
  /** 1,000 examples of 4 classes; example i has pixel value i % 256 and label i % 4. */
  private static Dataset fourClasses() {
    int n = 1000;
    byte[] pixels = new byte[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      pixels[i] = (byte) i;
      labels[i] = i % 4;
    }
    return Dataset.of("four", pixels, labels, new ImageShape(1, 1, 1), List.of("a", "b", "c", "d"));
  }

  private static int wrongLabels(Dataset clean, Dataset noisy) {
    int wrong = 0;
    for (int i = 0; i < clean.size(); i++) {
      if (clean.label(i) != noisy.label(i)) {
        wrong++;
      }
    }
    return wrong;
  }

  @Test
  void relabelsExactlyTheFractionAskedForAndKeepsPixels() {
    Dataset clean = fourClasses();
    Dataset noisy = LabelNoise.symmetric(clean, 0.36, 7);

    assertThat(wrongLabels(clean, noisy)).isEqualTo(360);
    assertThat(noisy.size()).isEqualTo(clean.size());
    for (int i = 0; i < clean.size(); i++) {
      assertThat(noisy.pixel(i, 0)).isEqualTo(clean.pixel(i, 0));
    }
    assertThat(clean.label(5)).isEqualTo(1); // the input is not modified
  }

  @Test
  void wrongLabelsAreSpreadOverTheOtherClasses() {
    Dataset clean = fourClasses();
    Dataset noisy = LabelNoise.symmetric(clean, 1.0, 3);
    // every example of class 0 gets class 1, 2 or 3, each about a third of the time
    int[] counts = new int[4];
    for (int i = 0; i < clean.size(); i += 4) {
      counts[noisy.label(i)]++;
    }
    assertThat(counts[0]).isZero();
    for (int c = 1; c < 4; c++) {
      assertThat(counts[c]).as("class %s of 250", c).isBetween(55, 112);
    }
  }

  @Test
  void sameSeedSameLabelsOtherSeedOtherLabels() {
    Dataset clean = fourClasses();
    assertThat(LabelNoise.symmetric(clean, 0.2, 1).labels()).isEqualTo(LabelNoise.symmetric(clean, 0.2, 1).labels());
    assertThat(LabelNoise.symmetric(clean, 0.2, 1).labels()).isNotEqualTo(LabelNoise.symmetric(clean, 0.2, 2).labels());
  }

  @Test
  void zeroFractionIsTheDatasetItselfAndBadFractionsAreRefused() {
    Dataset clean = fourClasses();
    assertThat(LabelNoise.symmetric(clean, 0, 1)).isSameAs(clean);
    assertThatThrownBy(() -> LabelNoise.symmetric(clean, 1.5, 1)).hasMessageContaining("[0, 1]").hasMessageContaining("1.5");
    assertThatThrownBy(() -> LabelNoise.symmetric(clean, Double.NaN, 1)).hasMessageContaining("[0, 1]");
  }

  @Test
  void withLabelsRefusesAWrongCount() {
    assertThatThrownBy(() -> fourClasses().withLabels("x", new int[3]))
        .hasMessageContaining("3 labels given for 1000 examples");
  }
}
