package dev.sngrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalizationTest {
  @Test
  void computesPerChannelMeanAndPopulationStd() {
    ImageShape shape = new ImageShape(3, 4, 5);
    int n = 7;
    byte[] pixels = new byte[n * shape.size()];
    new SplittableRandom(3).nextBytes(pixels);
    Dataset d = Dataset.of("r", pixels, new int[n], shape, List.of("only"));

    Normalization norm = Normalization.fromTraining(d);

    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double squares = 0;
      int count = 0;
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < shape.planeSize(); p++) {
          double x = d.pixel(i, c * shape.planeSize() + p) / 255.0;
          sum += x;
          squares += x * x;
          count++;
        }
      }
      double mean = sum / count;
      assertThat(norm.mean(c)).isCloseTo(mean, within(1e-12));
      assertThat(norm.std(c)).isCloseTo(Math.sqrt(squares / count - mean * mean), within(1e-9));
    }
  }

  @Test
  void normalizesBytesLikeToTensorThenNormalize() {
    Normalization norm = Normalization.of(new double[] {0.5}, new double[] {0.25});
    assertThat(norm.normalizeByte(0, 255)).isEqualTo(2.0f);
    assertThat(norm.normalizeByte(0, 0)).isEqualTo(-2.0f);
    assertThat(norm.normalize(0, 51.0)).isCloseTo((0.2 - 0.5) / 0.25, within(1e-12));
    assertThat(Normalization.unitScale(1).normalizeByte(0, 51)).isEqualTo(0.2f);
  }

  @Test
  void rejectsBadStatistics() {
    assertThatThrownBy(() -> Normalization.of(new double[] {0.1}, new double[] {0.0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std must be positive");
    assertThatThrownBy(() -> Normalization.of(new double[] {0.1, 0.2}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 means but 1 standard deviations");
  }

  @Test
  void unitScaleRejectsANonPositiveChannelCountNamingIt() {
    // a negative count used to fail with NegativeArraySizeException instead
    assertThatThrownBy(() -> Normalization.unitScale(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
    assertThatThrownBy(() -> Normalization.unitScale(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one channel");
  }
}
