package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded split of one dataset into disjoint training and validation parts.
 *
 * @param train the examples not chosen for validation, in their original order
 * @param validation the chosen examples, in their original order
 */
public record Split(Dataset train, Dataset validation) {

  /**
   * Splits {@code dataset} at random: the first {@code validationSize} entries of a Fisher-Yates
   * permutation seeded with {@code seed} form the validation part. Both parts keep dataset order;
   * the same seed always gives the same split. Names get suffixes {@code "/train"} and {@code
   * "/validation"}.
   *
   * @param dataset the dataset to split (not modified)
   * @param validationSize number of validation examples, in {@code [0, dataset.size()]}
   * @param seed seeds the permutation
   * @return the two parts, holding copies of the pixels
   * @throws IllegalArgumentException if {@code validationSize} is out of range
   */
  public static Split trainValidation(Dataset dataset, int validationSize, long seed) {
    int n = dataset.size();
    checkArgument(
        validationSize >= 0 && validationSize <= n,
        "validation size %s is not in [0, %s] for dataset %s",
        validationSize,
        n,
        dataset.name());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.SPLIT));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] validation = Arrays.copyOfRange(order, 0, validationSize);
    int[] train = Arrays.copyOfRange(order, validationSize, n);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new Split(
        dataset.subset(dataset.name() + "/train", train),
        dataset.subset(dataset.name() + "/validation", validation));
  }
}
