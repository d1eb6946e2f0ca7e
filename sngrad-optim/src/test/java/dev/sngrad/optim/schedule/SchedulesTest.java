package dev.sngrad.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SchedulesTest {
  @Test
  void constant() {
    Schedule s = Schedules.constant(0.3);
    assertThat(s.valueAt(0)).isEqualTo(0.3);
    assertThat(s.valueAt(1_000_000)).isEqualTo(0.3);
  }

  @Test
  void stepDecay() {
    Schedule s = Schedules.step(0.1, 1000, 0.5);
    // floor(999/1000) = 0 -> 0.1; floor(1000/1000) = 1 -> 0.05; floor(2500/1000) = 2 -> 0.025
    assertThat(s.valueAt(0)).isEqualTo(0.1);
    assertThat(s.valueAt(999)).isEqualTo(0.1);
    assertThat(s.valueAt(1000)).isCloseTo(0.05, within(1e-15));
    assertThat(s.valueAt(2500)).isCloseTo(0.025, within(1e-15));
  }

  @Test
  void cosineDecay() {
    Schedule s = Schedules.cosine(1.0, 100, 0.1);
    // t = 0: 0.1 + 0.9 * (1 + cos 0) / 2 = 1.0
    assertThat(s.valueAt(0)).isCloseTo(1.0, within(1e-15));
    // t = 50: 0.1 + 0.9 * (1 + cos(pi/2)) / 2 = 0.1 + 0.45 = 0.55
    assertThat(s.valueAt(50)).isCloseTo(0.55, within(1e-15));
    // t = 100 and beyond: 0.1 + 0.9 * (1 + cos pi) / 2 = 0.1
    assertThat(s.valueAt(100)).isCloseTo(0.1, within(1e-15));
    assertThat(s.valueAt(200)).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void linearWarmup() {
    Schedule s = Schedules.linearWarmup(0.8, 4);
    // (t + 1) / 4 of 0.8 for t = 0, 1, 2; the full rate from t = 3 on
    assertThat(s.valueAt(0)).isCloseTo(0.2, within(1e-15));
    assertThat(s.valueAt(1)).isCloseTo(0.4, within(1e-15));
    assertThat(s.valueAt(2)).isCloseTo(0.6, within(1e-15));
    assertThat(s.valueAt(3)).isEqualTo(0.8);
    assertThat(s.valueAt(1_000_000)).isEqualTo(0.8);
    // one warm-up step is no warm-up
    assertThat(Schedules.linearWarmup(0.8, 1).valueAt(0)).isEqualTo(0.8);
    assertThat(Schedules.linearWarmup(0.8, 4)).isEqualTo(s);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> Schedules.constant(Double.POSITIVE_INFINITY))
        .hasMessage("learning rate must be finite, got Infinity");
    assertThatThrownBy(() -> Schedules.step(0.1, 0, 0.5)).hasMessage("everySteps must be > 0, got 0");
    assertThatThrownBy(() -> Schedules.cosine(0.1, 0, 0)).hasMessage("totalSteps must be > 0, got 0");
    assertThatThrownBy(() -> Schedules.constant(0.1).valueAt(-1)).hasMessage("schedule step must be >= 0, got -1");
    assertThatThrownBy(() -> Schedules.linearWarmup(0.1, 0)).hasMessage("warmupSteps must be > 0, got 0");
    assertThatThrownBy(() -> Schedules.linearWarmup(0.1, 5).valueAt(-1)).hasMessage("schedule step must be >= 0, got -1");
  }
}
