package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.Optimizers;
import dev.sngrad.optim.schedule.Schedules;
import dev.sngrad.optim.snr.SnrRule;
import dev.sngrad.optim.transform.Transforms;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An optimizer of an experiment: a base ({@code sgd}, {@code momentum}, {@code adam}) optionally
 * preceded by an sngrad rule with its {@code alpha} and {@code epsilon}. Written as {@code sgd},
 * {@code sgd+I}, {@code momentum+III:0.2} (rule III with alpha 0.2); a rule without an alpha takes
 * {@link #defaultAlpha}. Suffixes modify the step: {@code @warmup:N} raises the learning rate
 * linearly over the first N updates ({@link Schedules#linearWarmup}), {@code @clip:C} scales the
 * (adjusted) gradient down to global norm C where it is longer (optax's {@code
 * clip_by_global_norm}), e.g. {@code sgd@warmup:58}, {@code sgd@clip:1}.
 *
 * @param base the optimizer the (adjusted) gradient is fed to
 * @param rule the sngrad rule, or {@link Rule#NONE}
 * @param alpha the rule's alpha (> 0; ignored without a rule)
 * @param epsilon added to the rule's denominators (0 = the formulas; 1e-5 = the original code)
 * @param warmupSteps updates over which the learning rate rises linearly to its value; 0 for none
 *     (records written before the warm-up existed read as 0)
 * @param clipNorm the largest global norm of the gradient fed to the base optimizer; 0 for no
 *     clipping (records written before clipping existed read as 0)
 */
public record OptimizerSpec(Base base, Rule rule, double alpha, double epsilon, long warmupSteps, double clipNorm)
    implements Serializable {
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
    checkArgument(warmupSteps >= 0, "warm-up steps must be >= 0, got %s", warmupSteps);
    checkArgument(clipNorm >= 0 && Double.isFinite(clipNorm), "clip norm must be >= 0, got %s", clipNorm);
  }

  /** An optimizer without a warm-up or clipping. */
  public OptimizerSpec(Base base, Rule rule, double alpha, double epsilon) {
    this(base, rule, alpha, epsilon, 0, 0);
  }

  /** The same optimizer without a rule (with its base, warm-up and clipping). */
  public OptimizerSpec withoutRule() {
    return new OptimizerSpec(base, Rule.NONE, 0, 0, warmupSteps, clipNorm);
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

  /**
   * Parses {@code base[+RULE[:alpha]][@warmup:N][@clip:C]}, e.g. {@code sgd}, {@code sgd+II}, {@code
   * adam+I:0.3}, {@code sgd@warmup:58}, {@code sgd+III:10@clip:1}.
   */
  public static OptimizerSpec parse(String text, double epsilon) {
    String[] parts = text.trim().split("@");
    long warmupSteps = 0;
    double clipNorm = 0;
    for (int i = 1; i < parts.length; i++) {
      String[] keyAndValue = parts[i].split(":", 2);
      String key = keyAndValue[0].trim();
      checkArgument(keyAndValue.length == 2 && (key.equals("warmup") || key.equals("clip")),
          "'@%s' in '%s' is neither a warm-up nor a clipping; write @warmup:N (N updates) or @clip:C (a norm)", parts[i], text);
      String value = keyAndValue[1].trim();
      if (key.equals("warmup")) {
        checkArgument(warmupSteps == 0, "'%s' has two warm-ups", text);
        warmupSteps = parseWarmup(value, text);
      } else {
        checkArgument(clipNorm == 0, "'%s' has two clippings", text);
        clipNorm = parseClip(value, text);
      }
    }
    OptimizerSpec o = parseOptimizer(parts[0], text, epsilon);
    return new OptimizerSpec(o.base, o.rule, o.alpha, o.epsilon, warmupSteps, clipNorm);
  }

  private static long parseWarmup(String value, String text) {
    long steps = parseNumber(value, Long::parseLong, "warm-up steps '" + value + "' in '" + text + "' are not a whole number");
    checkArgument(steps > 0, "warm-up steps in '%s' must be > 0, got %s", text, steps);
    return steps;
  }

  private static double parseClip(String value, String text) {
    double norm = parseNumber(value, Double::parseDouble, "clip norm '" + value + "' in '" + text + "' is not a number");
    checkArgument(norm > 0 && Double.isFinite(norm), "clip norm in '%s' must be finite and > 0, got %s", text, norm);
    return norm;
  }

  /** {@code value} read by {@code parser}, or an {@link IllegalArgumentException} saying {@code notANumber}. */
  private static <T> T parseNumber(String value, Function<String, T> parser, String notANumber) {
    try {
      return parser.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(notANumber, e);
    }
  }

  private static OptimizerSpec parseOptimizer(String optimizer, String text, double epsilon) {
    String[] parts = optimizer.trim().split("\\+", 2);
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
    return parseNumber(s, Double::parseDouble, "alpha '" + s + "' in '" + text + "' is not a number");
  }

  /** True when the optimizer uses per-example statistics. */
  public boolean usesStatistics() {
    return rule != Rule.NONE;
  }

  /**
   * {@code sgd}, {@code sgd+I(alpha=0.1)}, {@code sgd+II(alpha=0.05,eps=1e-05)}, {@code
   * sgd@warmup(58)}, {@code sgd@clip(1.0)}.
   */
  public String label() {
    String name = base.name().toLowerCase(Locale.ROOT);
    if (rule != Rule.NONE) {
      name += "+" + rule.name() + "(alpha=" + alpha + (epsilon > 0 ? ",eps=" + epsilon : "") + ")";
    }
    return name + modifiersLabel();
  }

  /** The warm-up and clipping part of {@link #label}: {@code @warmup(58)@clip(1.0)}, empty without either. */
  public String modifiersLabel() {
    return (warmupSteps > 0 ? "@warmup(" + warmupSteps + ")" : "") + (clipNorm > 0 ? "@clip(" + clipNorm + ")" : "");
  }

  /** The gradient transform for learning rate {@code learningRate}: one of {@link Optimizers}. */
  public GradientTransform<?> transform(double learningRate) {
    if (warmupSteps > 0 || clipNorm > 0) {
      return withModifiers(learningRate);
    }
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

  /**
   * The chain of {@link #transform} with the clipping after the rule (on the gradient the base
   * optimizer is fed), and the learning rate's scaling replaced by the warm-up's.
   */
  private GradientTransform<?> withModifiers(double learningRate) {
    List<GradientTransform<?>> chain = new ArrayList<>();
    if (rule != Rule.NONE) {
      chain.add(Transforms.scaleBySignalToNoise(rule.snrRule(), alpha, epsilon));
    }
    if (clipNorm > 0) {
      chain.add(Transforms.clipByGlobalNorm(clipNorm));
    }
    switch (base) {
      case SGD -> { }
      case MOMENTUM -> chain.add(Transforms.trace(0.9, false));
      case ADAM -> chain.add(Transforms.scaleByAdam(0.9, 0.999, 1e-8));
    }
    chain.add(warmupSteps > 0
        ? Transforms.scaleBySchedule(Schedules.linearWarmup(learningRate, warmupSteps))
        : Transforms.scaleByLearningRate(learningRate));
    return Transforms.chain(chain.toArray(GradientTransform<?>[]::new));
  }

  @Override
  public String toString() {
    return label();
  }
}
