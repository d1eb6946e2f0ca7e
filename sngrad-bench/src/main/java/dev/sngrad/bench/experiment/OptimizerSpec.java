package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.snr.SnrRule;
import java.io.Serializable;
import java.util.Locale;

/**
 * An optimizer of an experiment: a base ({@code sgd}, {@code momentum}, {@code adam}) optionally
 * preceded by an sngrad rule with its {@code alpha} and {@code epsilon}. Written as {@code sgd},
 * {@code sgd+I}, {@code momentum+III:0.2} (rule III with alpha 0.2); a rule without an alpha takes
 * {@link #defaultAlpha}.
 *
 * @param base the optimizer the (adjusted) gradient is fed to
 * @param rule the sngrad rule, or {@link Rule#NONE}
 * @param alpha the rule's alpha (> 0; ignored without a rule)
 * @param epsilon added to the rule's denominators (0 = the formulas; 1e-5 = the original code)
 */
public record OptimizerSpec(Base base, Rule rule, double alpha, double epsilon) implements Serializable {
  /** Base optimizers. */
  public enum Base {
    SGD,
    /** Heavy-ball momentum with beta 0.9. */
    MOMENTUM,
    /** Adam with b1 0.9, b2 0.999, eps 1e-8. */
    ADAM
  }

  /** The sngrad rule applied before the base optimizer: none, or one of {@link SnrRule}'s. */
  public enum Rule {
    NONE,
    I,
    II,
    III;

    SnrRule snrRule() {
      checkArgument(this != NONE, "no rule");
      return SnrRule.valueOf(name());
    }
  }

  public OptimizerSpec {
    checkArgument(rule == Rule.NONE || (alpha > 0 && Double.isFinite(alpha)), "alpha must be > 0, got %s", alpha);
    checkArgument(epsilon >= 0 && Double.isFinite(epsilon), "epsilon must be >= 0, got %s", epsilon);
  }

  /**
   * The original study's defaults moved to standard cross-entropy (alpha_orig / 10 for rules I and
   * III, unchanged for the scale-free rule II): I 0.1, II 0.05, III 0.1.
   */
  public static double defaultAlpha(Rule rule) {
    return switch (rule) {
      case NONE -> 0;
      case I, III -> 0.1;
      case II -> 0.05;
    };
  }

  /** Parses {@code base[+RULE[:alpha]]}, e.g. {@code sgd}, {@code sgd+II}, {@code adam+I:0.3}. */
  public static OptimizerSpec parse(String text, double epsilon) {
    String[] parts = text.trim().split("\\+", 2);
    Base base;
    try {
      base = Base.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown optimizer '" + parts[0] + "' in '" + text + "'; use sgd, momentum or adam");
    }
    if (parts.length == 1) {
      return new OptimizerSpec(base, Rule.NONE, 0, 0);
    }
    String[] ruleAndAlpha = parts[1].split(":", 2);
    Rule rule;
    try {
      rule = Rule.valueOf(ruleAndAlpha[0].trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown sngrad rule '" + ruleAndAlpha[0] + "' in '" + text + "'; use I, II or III");
    }
    checkArgument(rule != Rule.NONE, "unknown sngrad rule 'NONE' in '%s'; use I, II or III", text);
    double alpha = ruleAndAlpha.length == 2 ? parseAlpha(ruleAndAlpha[1], text) : defaultAlpha(rule);
    return new OptimizerSpec(base, rule, alpha, epsilon);
  }

  private static double parseAlpha(String s, String text) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("alpha '" + s + "' in '" + text + "' is not a number");
    }
  }

  /** True when the optimizer uses per-example statistics. */
  public boolean usesStatistics() {
    return rule != Rule.NONE;
  }

  /** {@code sgd}, {@code sgd+I(alpha=0.1)}, {@code sgd+II(alpha=0.05,eps=1e-05)}. */
  public String label() {
    String name = base.name().toLowerCase(Locale.ROOT);
    if (rule == Rule.NONE) {
      return name;
    }
    return name + "+" + rule.name() + "(alpha=" + alpha + (epsilon > 0 ? ",eps=" + epsilon : "") + ")";
  }

  /** The gradient transform for learning rate {@code learningRate}: one of {@link Optimizers}. */
  public GradientTransform<?> transform(double learningRate) {
    if (rule == Rule.NONE) {
      return switch (base) {
        case SGD -> Optimizers.sgd(learningRate);
        case MOMENTUM -> Optimizers.momentum(learningRate, 0.9, false);
        case ADAM -> Optimizers.adam(learningRate);
      };
    }
    SnrRule snr = rule.snrRule();
    return switch (base) {
      case SGD -> Optimizers.sgdSnr(learningRate, snr, alpha, epsilon);
      case MOMENTUM -> Optimizers.momentumSnr(learningRate, 0.9, false, snr, alpha, epsilon);
      case ADAM -> Optimizers.adamSnr(learningRate, snr, alpha, epsilon);
    };
  }

  @Override
  public String toString() {
    return label();
  }
}
