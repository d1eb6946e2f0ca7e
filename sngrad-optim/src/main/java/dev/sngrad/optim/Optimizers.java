package dev.sngrad.optim;

import static dev.sngrad.optim.transform.Transforms.addDecayedWeights;
import static dev.sngrad.optim.transform.Transforms.chain;
import static dev.sngrad.optim.transform.Transforms.scaleByAdam;
import static dev.sngrad.optim.transform.Transforms.scaleByLearningRate;
import static dev.sngrad.optim.transform.Transforms.scaleBySignalToNoise;
import static dev.sngrad.optim.transform.Transforms.trace;

import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.ChainState;
import dev.sngrad.optim.transform.Transforms;

/**
 * The usual optimizers, each only a {@link Transforms#chain} of leaves (optax's {@code alias.py}).
 * With gradient {@code g} and learning rate {@code lr}, the update added to the parameters is:
 *
 * <ul>
 *   <li>{@link #sgd}: {@code -lr * g}
 *   <li>{@link #momentum}: {@code -lr * tr_t} with {@code tr_t = g + beta * tr_{t-1}} (or {@code
 *       -lr * (g + beta * tr_t)} for Nesterov)
 *   <li>{@link #adam}: {@code -lr * m_hat / (sqrt(v_hat) + eps)}, see {@link Transforms#scaleByAdam}
 *   <li>{@link #adamw}: {@code -lr * (m_hat / (sqrt(v_hat) + eps) + weightDecay * p)}
 *   <li>{@link #sgdSnr}, {@link #momentumSnr}, {@link #adamSnr}: the same with {@code g} replaced by
 *       the signal-to-noise adjusted gradient {@code mu * factor} of {@link SnrRule}; these need
 *       per-example gradient statistics.
 * </ul>
 *
 * <p>For the original study's settings see {@link SnrRule}: under standard mean cross-entropy,
 * {@code lr = lr_orig / 10} and, for rules I and III, {@code alpha = alpha_orig / 10}.
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * Plain stochastic gradient descent: {@code chain(scaleByLearningRate(lr))}.
   *
   * @param learningRate the step size {@code lr}, finite (usually positive)
   * @return the optimizer
   * @throws IllegalArgumentException if {@code learningRate} is not finite
   */
  public static GradientTransform<ChainState> sgd(double learningRate) {
    return chain(scaleByLearningRate(learningRate));
  }

  /**
   * Heavy-ball or Nesterov momentum: {@code chain(trace(beta, nesterov), scaleByLearningRate(lr))}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param beta the decay of the momentum buffer, in {@code [0, 1)}
   * @param nesterov true for Nesterov's look-ahead update, false for heavy ball
   * @return the optimizer
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static GradientTransform<ChainState> momentum(double learningRate, double beta, boolean nesterov) {
    return chain(trace(beta, nesterov), scaleByLearningRate(learningRate));
  }

  /**
   * Adam: {@code chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(lr))}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param b1 decay of the first moment, in {@code [0, 1)}
   * @param b2 decay of the second moment, in {@code [0, 1)}
   * @param eps added to the denominator, finite and {@code >= 0}
   * @return the optimizer
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static GradientTransform<ChainState> adam(double learningRate, double b1, double b2, double eps) {
    return chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(learningRate));
  }

  /**
   * Adam with the usual {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @return the optimizer
   * @throws IllegalArgumentException if {@code learningRate} is not finite
   */
  public static GradientTransform<ChainState> adam(double learningRate) {
    return adam(learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * AdamW: {@code chain(scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay),
   * scaleByLearningRate(lr))}, as optax's {@code adamw}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param b1 decay of the first moment, in {@code [0, 1)}
   * @param b2 decay of the second moment, in {@code [0, 1)}
   * @param eps added to the denominator, finite and {@code >= 0}
   * @param weightDecay the decoupled decay coefficient, finite and {@code >= 0}; scaled by the
   *     learning rate
   * @return the optimizer
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static GradientTransform<ChainState> adamw(
      double learningRate, double b1, double b2, double eps, double weightDecay) {
    return chain(scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
  }

  /**
   * SGD on the signal-to-noise adjusted gradient: {@code chain(scaleBySignalToNoise(rule, alpha, 0),
   * scaleByLearningRate(lr))}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0} (see {@link SnrRule} for its scale)
   * @return the optimizer; it needs per-example gradient statistics
   * @throws IllegalArgumentException if an argument is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static GradientTransform<ChainState> sgdSnr(double learningRate, SnrRule rule, double alpha) {
    return sgdSnr(learningRate, rule, alpha, 0);
  }

  /**
   * {@link #sgdSnr(double, SnrRule, double)} with an {@code epsilon} in the rule's denominator;
   * {@code epsilon = 1e-5} reproduces the original code's formulas.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @param epsilon added to the rule's denominator, finite and {@code >= 0}; ignored by rule III
   * @return the optimizer; it needs per-example gradient statistics
   * @throws IllegalArgumentException if an argument is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static GradientTransform<ChainState> sgdSnr(
      double learningRate, SnrRule rule, double alpha, double epsilon) {
    return chain(scaleBySignalToNoise(rule, alpha, epsilon), scaleByLearningRate(learningRate));
  }

  /**
   * Momentum on the signal-to-noise adjusted gradient: {@code chain(scaleBySignalToNoise(rule,
   * alpha, 0), trace(beta, nesterov), scaleByLearningRate(lr))}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param beta the decay of the momentum buffer, in {@code [0, 1)}
   * @param nesterov true for Nesterov's look-ahead update, false for heavy ball
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @return the optimizer; it needs per-example gradient statistics
   * @throws IllegalArgumentException if an argument is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static GradientTransform<ChainState> momentumSnr(
      double learningRate, double beta, boolean nesterov, SnrRule rule, double alpha) {
    return momentumSnr(learningRate, beta, nesterov, rule, alpha, 0);
  }

  /**
   * {@link #momentumSnr(double, double, boolean, SnrRule, double)} with an {@code epsilon} in the rule.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param beta the decay of the momentum buffer, in {@code [0, 1)}
   * @param nesterov true for Nesterov's look-ahead update, false for heavy ball
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @param epsilon added to the rule's denominator, finite and {@code >= 0}; ignored by rule III
   * @return the optimizer; it needs per-example gradient statistics
   * @throws IllegalArgumentException if an argument is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static GradientTransform<ChainState> momentumSnr(
      double learningRate, double beta, boolean nesterov, SnrRule rule, double alpha, double epsilon) {
    return chain(scaleBySignalToNoise(rule, alpha, epsilon), trace(beta, nesterov), scaleByLearningRate(learningRate));
  }

  /**
   * Adam on the signal-to-noise adjusted gradient with {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}:
   * {@code chain(scaleBySignalToNoise(rule, alpha, 0), scaleByAdam(...), scaleByLearningRate(lr))}.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @return the optimizer; it needs per-example gradient statistics
   * @throws IllegalArgumentException if an argument is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static GradientTransform<ChainState> adamSnr(double learningRate, SnrRule rule, double alpha) {
    return adamSnr(learningRate, rule, alpha, 0);
  }

  /**
   * {@link #adamSnr(double, SnrRule, double)} with an {@code epsilon} in the rule.
   *
   * @param learningRate the step size {@code lr}, finite
   * @param rule which of the rules I, II, III
   * @param alpha the rule's noise weight, finite and {@code > 0}
   * @param epsilon added to the rule's denominator, finite and {@code >= 0}; ignored by rule III
   * @return the optimizer; it needs per-example gradient statistics
   * @throws IllegalArgumentException if an argument is out of range
   * @throws NullPointerException if {@code rule} is null
   */
  public static GradientTransform<ChainState> adamSnr(double learningRate, SnrRule rule, double alpha, double epsilon) {
    return chain(scaleBySignalToNoise(rule, alpha, epsilon), scaleByAdam(0.9, 0.999, 1e-8), scaleByLearningRate(learningRate));
  }
}
