package dev.sngrad.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Java example of README.md's quick start, run as written, so that the README stays true. */
class ReadmeQuickStartTest {
  @Test
  void quickStartExampleRunsAndHasTheStatedShapes() {
    Params params = Params.builder()
        .put("dense1/weight", Tensor.normal(Shape.of(784, 10), 0.05f, new java.util.SplittableRandom(0)))
        .put("dense1/bias", Tensor.zeros(10))
        .build();
    ExampleLoss loss = (p, x, labels) -> Ops.softmaxCrossEntropy(
        Ops.biasAdd(Ops.matmul(x, p.get("dense1/weight")), p.get("dense1/bias")), labels);

    Tensor images = Tensor.zeros(128, 784);      // one example per row
    int[] labels = new int[128];

    Params perExample = PerExample.of(loss).grad(params, images, labels);      // [128, 784, 10], [128, 10]
    GradientStats stats = PerExample.of(loss).gradStats(params, images, labels); // mean, variance: [784, 10], [10]

    assertThat(perExample.get("dense1/weight").shape()).isEqualTo(Shape.of(128, 784, 10));
    assertThat(perExample.get("dense1/bias").shape()).isEqualTo(Shape.of(128, 10));
    assertThat(stats.mean().get("dense1/weight").shape()).isEqualTo(Shape.of(784, 10));
    assertThat(stats.variance().get("dense1/bias").shape()).isEqualTo(Shape.of(10));
  }

  @Test
  void readmeHoldsThisExample() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    assertThat(text)
        .contains("ExampleLoss loss = (p, x, labels) -> Ops.softmaxCrossEntropy(")
        .contains("Params perExample = PerExample.of(loss).grad(params, images, labels);")
        .contains("GradientStats stats = PerExample.of(loss).gradStats(params, images, labels);")
        .contains("./mvnw -B verify");
  }
}
