package example.stats;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Grad;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Per-example gradients and their mean and variance for a two-layer network written by hand with
 * {@link Ops}: {@code logits = tanh(x W1 + b1) W2 + b2}, softmax cross-entropy per example.
 *
 * <p>The data are synthetic and seeded: 256 points in 20 dimensions, labelled by which of 4 fixed
 * random directions they point to most, so the run is the same everywhere.
 */
public final class PerExampleStats {
  static final int FEATURES = 20;
  static final int HIDDEN = 32;
  static final int CLASSES = 4;

  private PerExampleStats() {}

  /** {@code logits = tanh(x W1 + b1) W2 + b2} for a batch {@code x: [B, 20]}; logits {@code [B, 4]}. */
  static Var logits(Vars p, Var x) {
    Var hidden = Ops.tanh(Ops.biasAdd(Ops.matmul(x, p.get("w1")), p.get("b1")));
    return Ops.biasAdd(Ops.matmul(hidden, p.get("w2")), p.get("b2"));
  }

  /** One loss per example, {@code [B]}: what {@link PerExample} differentiates example by example. */
  static final ExampleLoss LOSS = (p, x, labels) -> Ops.softmaxCrossEntropy(logits(p, x), labels);

  /** Scaled-normal weights (1/sqrt(fan-in)) and zero biases, from {@code seed}. */
  static Params init(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return Params.builder()
        .put("w1", Tensor.normal(Shape.of(FEATURES, HIDDEN), (float) (1 / Math.sqrt(FEATURES)), rng))
        .put("b1", Tensor.zeros(HIDDEN))
        .put("w2", Tensor.normal(Shape.of(HIDDEN, CLASSES), (float) (1 / Math.sqrt(HIDDEN)), rng))
        .put("b2", Tensor.zeros(CLASSES))
        .build();
  }

  /** {@code examples} standard-normal points {@code [examples, 20]} from {@code seed}. */
  static Tensor inputs(int examples, long seed) {
    return Tensor.normal(Shape.of(examples, FEATURES), 1f, new SplittableRandom(seed));
  }

  /** The label of each row: which of 4 fixed directions (seed 99) has the largest dot product with it. */
  static int[] labels(Tensor inputs) {
    Tensor directions = Tensor.normal(Shape.of(FEATURES, CLASSES), 1f, new SplittableRandom(99));
    Tensor scores = Ops.matmul(Var.constant(inputs), Var.constant(directions)).value();
    int[] labels = new int[inputs.shape().dim(0)];
    for (int i = 0; i < labels.length; i++) {
      for (int c = 1; c < CLASSES; c++) {
        if (scores.get(i, c) > scores.get(i, labels[i])) {
          labels[i] = c;
        }
      }
    }
    return labels;
  }

  public static void main(String[] args) {
    Params params = init(1);
    Tensor x = inputs(256, 2);
    int[] labels = labels(x);

    // vmap(grad): one gradient per example, [256, ...] for every parameter
    Params perExample = PerExample.of(LOSS).grad(params, x, labels);
    // the mean and population variance over the batch; the dense weights take the fused path,
    // which never builds the [256, ...] arrays
    PerExample.LossAndStats fused = PerExample.of(LOSS).lossAndGradStats(params, x, labels);
    GradientStats stats = fused.stats();
    // the mean of the per-example gradients is the gradient of the mean loss
    Params gradOfMean = Grad.of(p -> Ops.mean(LOSS.apply(p, Var.constant(x), labels))).apply(params);

    System.out.printf("batch of %d examples, mean loss %.4f; parameters taking the materialized path: %s%n",
        labels.length, mean(fused.losses()), fused.materialized().isEmpty() ? "none" : fused.materialized());
    System.out.printf("%-4s %-12s %-14s %12s %12s %14s %20s%n", "name", "shape", "per-example",
        "mean |mu|", "mean sigma", "|mu| < sigma", "max |mu - grad L|");
    for (String name : params.asMap().keySet()) {
      float[] mu = stats.mean().get(name).toArray();
      float[] variance = stats.variance().get(name).toArray();
      float[] reference = gradOfMean.get(name).toArray();
      double absMu = 0;
      double sigma = 0;
      double worst = 0;
      int noisy = 0;
      for (int j = 0; j < mu.length; j++) {
        double s = Math.sqrt(variance[j]);
        absMu += Math.abs(mu[j]);
        sigma += s;
        noisy += Math.abs(mu[j]) < s ? 1 : 0;
        worst = Math.max(worst, Math.abs(mu[j] - reference[j]));
      }
      System.out.printf("%-4s %-12s %-14s %12.3e %12.3e %13.1f%% %20.2e%n", name, params.get(name).shape(),
          perExample.get(name).shape(), absMu / mu.length, sigma / mu.length, 100.0 * noisy / mu.length, worst);
    }
    System.out.println("|mu| < sigma: the batch disagrees about that parameter more than it agrees;"
        + " sngrad's rules damp such updates.");
  }

  private static double mean(Tensor t) {
    double s = 0;
    for (int i = 0; i < t.size(); i++) {
      s += t.getFlat(i);
    }
    return s / t.size();
  }
}
