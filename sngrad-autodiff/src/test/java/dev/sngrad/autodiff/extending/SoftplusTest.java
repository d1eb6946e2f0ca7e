package dev.sngrad.autodiff.extending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.check.GradCheck;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftplusTest {
  @Test
  void theGuidesOpPassesTheGradientCheckAndIsStable() {
    Params at = Params.builder().put("x", Tensor.normal(Shape.of(3, 4), 2f, new SplittableRandom(1))).build();
    // [extending:op-check]
    GradCheck.Result r = GradCheck.directional(
        p -> Ops.apply(new Softplus(), p.get("x")), at, GradCheck.Options.defaults());
    assertThat(r.passed()).as(r.toString()).isTrue();
    // [extending:op-check]
    Tensor big = Ops.apply(new Softplus(), Var.constant(Tensor.vector(-1000f, 0f, 1000f))).value();
    assertThat(big.toArray()).containsExactly(0f, (float) Math.log(2), 1000f);
  }

  @Test
  void theGuideShowsThisCode() throws IOException {
    Path dir = Path.of("src/test/java/dev/sngrad/autodiff/extending");
    ExtendingGuide.assertGuideShows(dir.resolve("Softplus.java"), "op");
    ExtendingGuide.assertGuideShows(dir.resolve("SoftplusTest.java"), "op-check");
  }
}
