package dev.sngrad.autodiff.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArenaTest {
  @Test
  void repeatedRequestsAfterAResetReuseEveryArray() {
    Arena arena = new Arena();
    Set<float[]> first = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int length : new int[] {5, 7, 5, 0}) {
      first.add(arena.floats(length));
    }
    assertThat(first).hasSize(4);
    assertThat(arena.allocations()).isEqualTo(4);

    arena.reset();
    Set<float[]> second = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int length : new int[] {5, 7, 5, 0}) {
      float[] array = arena.floats(length);
      assertThat(array).hasSize(length);
      second.add(array);
    }
    assertThat(second).isEqualTo(first);
    assertThat(arena.allocations()).as("nothing new").isEqualTo(4);
  }

  @Test
  void noArrayIsHandedOutTwiceBetweenResets() {
    Arena arena = new Arena();
    float[] a = arena.floats(3);
    arena.reset();
    float[] b = arena.floats(3);
    float[] c = arena.floats(3);
    assertThat(b).isSameAs(a);
    assertThat(c).isNotSameAs(b);
    assertThat(arena.allocations()).isEqualTo(2);
  }

  @Test
  void anotherLengthGetsANewArray() {
    Arena arena = new Arena();
    arena.floats(4);
    arena.reset();
    assertThat(arena.floats(6)).hasSize(6);
    assertThat(arena.allocations()).isEqualTo(2);
  }

  @Test
  void zerosAreZeroEvenInAReusedArray() {
    Arena arena = new Arena();
    Arrays.fill(arena.floats(8), Float.NaN);
    arena.reset();
    assertThat(arena.zeros(8)).containsOnly(0f);
  }

  @Test
  void negativeLengthsFail() {
    assertThatThrownBy(() -> new Arena().floats(-1)).hasMessageContaining("-1");
  }

  @Test
  void freshAndFilledSourcesAllocateEveryTime() {
    BufferSource fresh = BufferSource.fresh();
    assertThat(fresh.floats(3)).isNotSameAs(fresh.floats(3)).containsOnly(0f);
    BufferSource nan = BufferSource.filledWith(Float.NaN);
    assertThat(nan.floats(3)).containsOnly(Float.NaN);
    assertThat(nan.zeros(3)).containsOnly(0f);
  }
}
