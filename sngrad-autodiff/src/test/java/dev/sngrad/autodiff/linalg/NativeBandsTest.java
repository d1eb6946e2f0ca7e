package dev.sngrad.autodiff.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeBandsTest {
  @Test
  void theLongerSideOfTheResultIsSplit() {
    assertThat(NativeBands.byRows(784, 512)).isTrue(); // a weight gradient of the MLP's first layer
    assertThat(NativeBands.byRows(512, 512)).isTrue();
    assertThat(NativeBands.byRows(128, 512)).isFalse(); // its forward product at B = 128
    assertThat(NativeBands.byRows(32, 9216)).isFalse(); // a convolution's product per example
  }

  @Test
  void bandsCoverTheExtentInOrderWithoutGaps() {
    assertThat(NativeBands.start(7, 0, 3)).isZero();
    assertThat(NativeBands.start(7, 1, 3)).isEqualTo(2);
    assertThat(NativeBands.start(7, 2, 3)).isEqualTo(4);
    assertThat(NativeBands.start(7, 3, 3)).isEqualTo(7);
    assertThat(NativeBands.start(1, 1, 2)).isZero(); // an empty first band
    assertThat(NativeBands.start(Integer.MAX_VALUE, 1, 2)).isEqualTo(Integer.MAX_VALUE / 2); // no overflow
  }

  @Test
  void onlyProductsOfAtLeast2To18MultiplyAddsAreSplitAndNeverOnOneThread() {
    assertThat(NativeBands.worthSplitting(2, 64, 64, 64)).isTrue();
    assertThat(NativeBands.worthSplitting(2, 64, 64, 63)).isFalse();
    assertThat(NativeBands.worthSplitting(1, 1024, 1024, 1024)).isFalse();
    assertThat(NativeBands.worthSplitting(2, 65536, 65536, 65536)).isTrue(); // counted in long
  }
}
