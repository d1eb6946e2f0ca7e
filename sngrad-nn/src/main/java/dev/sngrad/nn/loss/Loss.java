package dev.sngrad.nn.loss;

import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.Var;

/**
 * A classification loss per example: logits {@code [N, C]} and integer labels give a vector {@code
 * [N]}. The training step minimises its mean; the per-example transform differentiates each entry.
 */
@FunctionalInterface
public interface Loss {
  /**
   * The loss of each example.
   *
   * @param logits {@code [N, C]}
   * @param labels {@code N} class indices in {@code [0, C)}
   * @return the losses, {@code [N]}
   * @throws IllegalArgumentException if the shapes or labels do not fit, naming them
   */
  Var perExample(Var logits, int[] labels);

  /**
   * The mean of {@link #perExample} over the examples.
   *
   * @param logits {@code [N, C]}
   * @param labels {@code N} class indices in {@code [0, C)}
   * @return the mean loss, a scalar
   * @throws IllegalArgumentException if the shapes or labels do not fit, naming them
   */
  default Var mean(Var logits, int[] labels) {
    return Ops.mean(perExample(logits, labels));
  }

  /**
   * Standard softmax cross-entropy, {@code logsumexp(z_i) - z_i[y_i]} (fused and stable), in nats.
   *
   * @return the loss; it fails on logits that are not {@code [N, C]} or labels outside {@code [0,
   *     C)} or not {@code N} of them
   */
  static Loss softmaxCrossEntropy() {
    return Ops::softmaxCrossEntropy;
  }

  /**
   * The original study's training loss: {@code -mean(log_softmax(z) * onehot)} over all {@code N x
   * C} entries, i.e. cross-entropy divided by the number of classes {@code C}. Gradients, and so the
   * mean and standard deviation of per-example gradients, are {@code 1/C} of those of {@link
   * #softmaxCrossEntropy}. Hence, moving the original hyperparameters to standard cross-entropy:
   * {@code alpha_ours = alpha_orig / C} for rules I and III (their factors depend on {@code alpha
   * * sigma}), rule II is scale-free ({@code mu^2 / sigma^2}), and {@code lr_ours = lr_orig / C}.
   *
   * @return the loss, {@link #softmaxCrossEntropy} times {@code 1 / C}; it fails on the same inputs
   */
  static Loss crossEntropyOverClasses() {
    return (logits, labels) -> Ops.mulScalar(Ops.softmaxCrossEntropy(logits, labels), 1f / logits.shape().dim(1));
  }
}
