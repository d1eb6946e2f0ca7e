package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradTest {
  private static final Params P = Params.builder()
      .put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
      .put("b", Tensor.vector(0.5f, -1f, 2f))
      .build();

  @Test
  void gradientOfSumOfSquaresIsTwiceTheInput() {
    Params g = Grad.of(p -> Ops.sum(Ops.square(p.get("w")))).apply(P);
    assertValues(g.get("w"), Tensor.of(new float[] {2, 4, 6, 8, 10, 12}, 2, 3), 0f);
    assertValues(g.get("b"), Tensor.zeros(3), 0f);
  }

  @Test
  void gradientOfALinearModelByHand() {
    // f = sum_j (x w + b)_j with x = [1, -2]: df/dw[i][j] = x[i], df/db[j] = 1
    Var x = Var.constant(Tensor.of(new float[] {1, -2}, 1, 2));
    Grad.ValueAndGrad vg = Grad.of(p -> Ops.sum(Ops.biasAdd(Ops.matmul(x, p.get("w")), p.get("b")))).valueAndGrad(P);
    // x w = [1*1 - 2*4, 1*2 - 2*5, 1*3 - 2*6] = [-7, -8, -9]; plus b = [-6.5, -9, -7]
    assertThat(vg.value().item()).isEqualTo(-22.5f);
    assertValues(vg.grad().get("w"), Tensor.of(new float[] {1, 1, 1, -2, -2, -2}, 2, 3), 0f);
    assertValues(vg.grad().get("b"), Tensor.vector(1, 1, 1), 0f);
  }

  @Test
  void aParameterUsedTwiceAccumulates() {
    // f = sum(b * b + 3 b): df/db = 2b + 3
    Params g = Grad.of(p -> Ops.sum(Ops.add(Ops.mul(p.get("b"), p.get("b")), Ops.mulScalar(p.get("b"), 3f)))).apply(P);
    assertValues(g.get("b"), Tensor.vector(4f, 1f, 7f), 0f);
  }

  @Test
  void crossEntropyGradientIsSoftmaxMinusOneHot() {
    Tensor logits = Tensor.of(new float[] {1, 2, 3, 1, 1, 1}, 2, 3);
    Params at = Params.builder().put("z", logits).build();
    Params g = Grad.of(p -> Ops.meanSoftmaxCrossEntropy(p.get("z"), new int[] {2, 0})).apply(at);
    double e1 = Math.exp(1), e2 = Math.exp(2), e3 = Math.exp(3), s = e1 + e2 + e3;
    float[] expected = {
        (float) (e1 / s / 2), (float) (e2 / s / 2), (float) ((e3 / s - 1) / 2),
        (float) ((1.0 / 3 - 1) / 2), (float) (1.0 / 3 / 2), (float) (1.0 / 3 / 2)};
    assertValues(g.get("z"), Tensor.of(expected, 2, 3), 1e-7f);
  }

  @Test
  void crossEntropyIsStableForHugeLogits() {
    Tensor logits = Tensor.of(new float[] {1e30f, -1e30f, 0f, 1000f, 1000f, 1000f}, 2, 3);
    Tensor loss = Ops.softmaxCrossEntropy(Var.constant(logits), new int[] {0, 1}).value();
    assertThat(loss.isFinite()).isTrue();
    assertThat(loss.get(0)).isEqualTo(0f);
    assertThat(loss.get(1)).isCloseTo((float) Math.log(3), org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void refusesNonScalarOutputsAndValuesOfAnotherCall() {
    assertThatThrownBy(() -> Grad.of(p -> p.get("w")).apply(P))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scalar")
        .hasMessageContaining("[2, 3]");
    Var[] leaked = new Var[1];
    Grad.of(p -> {
      leaked[0] = p.get("b");
      return Ops.sum(p.get("b"));
    }).apply(P);
    assertThatThrownBy(() -> Grad.of(p -> Ops.sum(Ops.add(p.get("b"), leaked[0]))).apply(P))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different grad calls");
  }

  @Test
  void theSameCallTwiceGivesBitIdenticalResults() {
    Grad g = Grad.of(p -> Ops.sum(Ops.tanh(Ops.biasAdd(p.get("w"), p.get("b")))));
    assertThat(g.apply(P)).isEqualTo(g.apply(P));
  }

  /** Same shape and every element within {@code tolerance} of the expected one. */
  private static void assertValues(Tensor actual, Tensor expected, float tolerance) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    assertThat(actual.toArray()).containsExactly(expected.toArray(), within(tolerance));
  }
}
