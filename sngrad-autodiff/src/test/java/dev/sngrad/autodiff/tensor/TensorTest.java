package dev.sngrad.autodiff.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void factoriesCopyAndIndexRowMajor() {
    float[] values = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(values, 2, 3);
    values[0] = 99;
    assertThat(t.get(0, 0)).isEqualTo(1f);
    assertThat(t.get(1, 2)).isEqualTo(6f);
    assertThat(t.shape()).hasToString("[2, 3]");
    float[] copy = t.toArray();
    copy[1] = 99;
    assertThat(t.get(0, 1)).isEqualTo(2f);
  }

  @Test
  void sliceRowStackAndReshape() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    assertThat(t.slice(1, 3)).isEqualTo(Tensor.of(new float[] {3, 4, 5, 6}, 2, 2));
    assertThat(t.row(2)).isEqualTo(Tensor.vector(5, 6));
    assertThat(Tensor.stack(List.of(t.row(0), t.row(1), t.row(2)))).isEqualTo(t);
    assertThat(t.reshape(6)).isEqualTo(Tensor.vector(1, 2, 3, 4, 5, 6));
  }

  @Test
  void errorsNameTheShapes() {
    assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3)).hasMessageContaining("[2, 3]").hasMessageContaining("5");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, 2)).hasMessageContaining("[2, 3]").hasMessageContaining("[4, 2]");
    assertThatThrownBy(() -> Tensor.stack(List.of(Tensor.zeros(2), Tensor.zeros(3))))
        .hasMessageContaining("[2]").hasMessageContaining("[3]");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).get(2, 0)).hasMessageContaining("[2, 3]");
  }

  @Test
  void normalIsReproducibleFromTheSeedAndStandard() {
    Tensor a = Tensor.normal(Shape.of(200, 100), 2f, new SplittableRandom(42));
    Tensor b = Tensor.normal(Shape.of(200, 100), 2f, new SplittableRandom(42));
    assertThat(a).isEqualTo(b);
    double sum = 0;
    double sumSq = 0;
    for (float v : a.rawData()) {
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / a.size();
    double std = Math.sqrt(sumSq / a.size() - mean * mean);
    // 20,000 samples: the standard error of the mean is 2/sqrt(20000) = 0.014, of the std about 0.01
    assertThat(mean).isBetween(-0.06, 0.06);
    assertThat(std).isBetween(1.96, 2.04);
  }

  @Test
  void equalityIsBitwise() {
    assertThat(Tensor.scalar(Float.NaN)).isEqualTo(Tensor.scalar(Float.NaN));
    assertThat(Tensor.scalar(0f)).isNotEqualTo(Tensor.scalar(-0f));
    assertThat(Tensor.zeros(2, 3)).isNotEqualTo(Tensor.zeros(3, 2));
  }

  @Test
  void firstNonFiniteFindsTheFirstNaNOrInfinityAtEveryPositionAndLength() {
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    SplittableRandom rng = new SplittableRandom(3);
    for (int n = 0; n <= 40; n++) {
      float[] data = new float[n];
      for (int i = 0; i < n; i++) {
        data[i] = rng.nextBoolean() ? Float.MAX_VALUE : -Float.MIN_VALUE; // finite extremes
      }
      assertThat(Tensor.of(Shape.of(n), data).firstNonFinite()).isEqualTo(-1);
      for (int at = 0; at < n; at++) {
        for (float b : bad) {
          float[] copy = data.clone();
          copy[at] = b;
          if (at + 1 < n) {
            copy[n - 1] = bad[(at + 1) % 3]; // a later one must not be reported
          }
          Tensor t = Tensor.of(Shape.of(n), copy);
          assertThat(t.firstNonFinite()).as("n %s at %s value %s", n, at, b).isEqualTo(at);
          assertThat(t.isFinite()).isFalse();
        }
      }
    }
  }
}
