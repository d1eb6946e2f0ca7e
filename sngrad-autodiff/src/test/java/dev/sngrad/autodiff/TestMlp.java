package dev.sngrad.autodiff;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/** A ReLU MLP with He-normal weights and small random biases, written with {@link Ops}, for tests. */
final class TestMlp {
  private final int[] sizes;

  TestMlp(int... sizes) {
    this.sizes = sizes.clone();
  }

  int layers() {
    return sizes.length - 1;
  }

  Params init(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Params.Builder b = Params.builder();
    for (int l = 0; l < layers(); l++) {
      float std = (float) Math.sqrt(2.0 / sizes[l]);
      b.put("dense" + (l + 1) + "/weight", Tensor.normal(Shape.of(sizes[l], sizes[l + 1]), std, rng));
      // non-zero biases so that every bias gradient is exercised with distinct values
      b.put("dense" + (l + 1) + "/bias", Tensor.normal(Shape.of(sizes[l + 1]), 0.1f, rng));
    }
    return b.build();
  }

  Var logits(Vars p, Var x) {
    Var h = x;
    for (int l = 0; l < layers(); l++) {
      String name = "dense" + (l + 1);
      h = Ops.biasAdd(Ops.matmul(h, p.get(name + "/weight")), p.get(name + "/bias"));
      if (l < layers() - 1) {
        h = Ops.relu(h);
      }
    }
    return h;
  }

  /** Per-example softmax cross-entropy. */
  ExampleLoss loss() {
    return (p, x, labels) -> Ops.softmaxCrossEntropy(logits(p, x), labels);
  }

  static Tensor inputs(int examples, int features, long seed) {
    return Tensor.normal(Shape.of(examples, features), 1f, new SplittableRandom(seed));
  }

  static int[] labels(int examples, int classes, long seed) {
    return new SplittableRandom(seed).ints(examples, 0, classes).toArray();
  }
}
