package dev.sngrad.autodiff.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checker itself: it must pass correct VJPs and catch a wrong one. */
class GradCheckTest {
  private static Params at() {
    return Params.builder().put("x", Tensor.normal(Shape.of(4, 3), 1f, new SplittableRandom(1))).build();
  }

  @Test
  void catchesAWrongVjpInBothModes() {
    GradCheck.Result directional = GradCheck.directional(p -> Ops.apply(new WrongSin(), p.get("x")), at(), GradCheck.Options.defaults());
    GradCheck.Result elementwise = GradCheck.elementwise(p -> Ops.apply(new WrongSin(), p.get("x")), at(), GradCheck.Options.defaults());
    assertThat(directional.passed()).as(directional.toString()).isFalse();
    assertThat(elementwise.passed()).as(elementwise.toString()).isFalse();
    assertThat(elementwise.where()).startsWith("x[");
  }

  @Test
  void passesACorrectVjpInBothModes() {
    GradCheck.Result directional = GradCheck.directional(p -> Ops.tanh(Ops.mul(p.get("x"), p.get("x"))), at(), GradCheck.Options.defaults());
    GradCheck.Result elementwise = GradCheck.elementwise(p -> Ops.tanh(Ops.mul(p.get("x"), p.get("x"))), at(), GradCheck.Options.defaults());
    assertThat(directional.passed()).as(directional.toString()).isTrue();
    assertThat(elementwise.passed()).as(elementwise.toString()).isTrue();
    assertThat(directional.relativeError()).isLessThan(1e-3);
  }

  @Test
  void constantsReceiveNoGradientButShapeTheValue() {
    Tensor c = Tensor.vector(1f, 2f, 3f);
    GradCheck.Result r = GradCheck.directional(
        p -> Ops.mul(p.get("x"), Var.constant(c)), at(), GradCheck.Options.defaults());
    assertThat(r.passed()).as(r.toString()).isTrue();
  }
}
