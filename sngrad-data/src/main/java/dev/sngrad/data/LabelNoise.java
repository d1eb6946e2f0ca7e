package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;

/**
 * Symmetric label noise for the study of how optimizers memorize wrong labels: a given fraction
 * of a training set's examples gets a wrong label, drawn uniformly from the other classes.
 *
 * <p>Exactly {@code round(fraction * size)} examples are relabelled, chosen uniformly without
 * replacement by a seeded partial Fisher-Yates shuffle; each gets one of the {@code classes - 1}
 * other labels with equal probability, so the share of wrong labels is exactly the fraction asked
 * for (the variant that may redraw the true label leaves {@code fraction / classes} of the chosen
 * examples correct). Apply it to training data only: test and validation labels stay clean.
 */
public final class LabelNoise {
  private LabelNoise() {}

  /**
   * A copy of {@code train} (pixels shared) with {@code fraction} of its labels replaced by wrong
   * ones; {@code train} itself when the fraction is 0.
   *
   * @param train the training set (not modified)
   * @param fraction share of examples to relabel, in {@code [0, 1]}
   * @param seed seeds the choice of examples and of their wrong labels
   * @return the relabelled dataset, named {@code train.name() + "-noise" + fraction} (three
   *     significant digits), or {@code train} itself when {@code fraction} is 0
   * @throws IllegalArgumentException if the fraction is outside {@code [0, 1]} or the dataset has
   *     fewer than two classes while the fraction is positive
   */
  public static Dataset symmetric(Dataset train, double fraction, long seed) {
    checkArgument(fraction >= 0 && fraction <= 1, "label-noise fraction must be in [0, 1], got %s", fraction);
    if (fraction == 0) {
      return train;
    }
    int classes = train.numClasses();
    checkArgument(classes >= 2, "dataset %s: label noise needs at least two classes", train.name());
    int n = train.size();
    int flips = (int) Math.round(fraction * n);
    int[] labels = train.labels();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, Seeds.LABEL_NOISE));
    for (int k = 0; k < flips; k++) {
      int j = k + random.nextInt(n - k);
      int chosen = order[j];
      order[j] = order[k];
      order[k] = chosen;
      // one of the other classes: skip over the true label
      int wrong = random.nextInt(classes - 1);
      labels[chosen] = wrong >= labels[chosen] ? wrong + 1 : wrong;
    }
    return train.withLabels(train.name() + String.format(java.util.Locale.ROOT, "-noise%.3g", fraction), labels);
  }
}
