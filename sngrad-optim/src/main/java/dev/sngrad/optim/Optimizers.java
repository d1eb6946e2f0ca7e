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

  /** Plain stochastic gradient descent: {@code chain(scaleByLearningRate(lr))}. */
  public static GradientTransform<ChainState> sgd(double learningRate) {
    return chain(scaleByLearningRate(learningRate));
  }

  /** Heavy-ball or Nesterov momentum: {@code chain(trace(beta, nesterov), scaleByLearningRate(lr))}. */
  public static GradientTransform<ChainState> momentum(double learningRate, double beta, boolean nesterov) {
    return chain(trace(beta, nesterov), scaleByLearningRate(learningRate));
  }

  /** Adam: {@code chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(lr))}. */
  public static GradientTransform<ChainState> adam(double learningRate, double b1, double b2, double eps) {
    return chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(learningRate));
  }

  /** Adam with the usual {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}. */
  public static GradientTransform<ChainState> adam(double learningRate) {
    return adam(learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * AdamW: {@code chain(scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay),
   * scaleByLearningRate(lr))}, as optax's {@code adamw}.
   */
  public static GradientTransform<ChainState> adamw(
      double learningRate, double b1, double b2, double eps, double weightDecay) {
    return chain(scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
  }

  /**
   * SGD on the signal-to-noise adjusted gradient: {@code chain(scaleBySignalToNoise(rule, alpha, 0),
   * scaleByLearningRate(lr))}.
   */
  public static GradientTransform<ChainState> sgdSnr(double learningRate, SnrRule rule, double alpha) {
    return sgdSnr(learningRate, rule, alpha, 0);
  }

  /**
   * {@link #sgdSnr(double, SnrRule, double)} with an {@code epsilon} in the rule's denominator;
   * {@code epsilon = 1e-5} reproduces the original code's formulas.
   */
  public static GradientTransform<ChainState> sgdSnr(
      double learningRate, SnrRule rule, double alpha, double epsilon) {
    return chain(scaleBySignalToNoise(rule, alpha, epsilon), scaleByLearningRate(learningRate));
  }

  /**
   * Momentum on the signal-to-noise adjusted gradient: {@code chain(scaleBySignalToNoise(rule,
   * alpha, 0), trace(beta, nesterov), scaleByLearningRate(lr))}.
   */
  public static GradientTransform<ChainState> momentumSnr(
      double learningRate, double beta, boolean nesterov, SnrRule rule, double alpha) {
    return momentumSnr(learningRate, beta, nesterov, rule, alpha, 0);
  }

  /** {@link #momentumSnr(double, double, boolean, SnrRule, double)} with an {@code epsilon} in the rule. */
  public static GradientTransform<ChainState> momentumSnr(
      double learningRate, double beta, boolean nesterov, SnrRule rule, double alpha, double epsilon) {
    return chain(scaleBySignalToNoise(rule, alpha, epsilon), trace(beta, nesterov), scaleByLearningRate(learningRate));
  }

  /**
   * Adam on the signal-to-noise adjusted gradient with {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}:
   * {@code chain(scaleBySignalToNoise(rule, alpha, 0), scaleByAdam(...), scaleByLearningRate(lr))}.
   */
  public static GradientTransform<ChainState> adamSnr(double learningRate, SnrRule rule, double alpha) {
    return adamSnr(learningRate, rule, alpha, 0);
  }

  /** {@link #adamSnr(double, SnrRule, double)} with an {@code epsilon} in the rule. */
  public static GradientTransform<ChainState> adamSnr(double learningRate, SnrRule rule, double alpha, double epsilon) {
    return chain(scaleBySignalToNoise(rule, alpha, epsilon), scaleByAdam(0.9, 0.999, 1e-8), scaleByLearningRate(learningRate));
  }
}
