package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The training and test parts of one dataset, which share image shape and class names.
 *
 * @param train the training examples
 * @param test the test examples
 */
public record TrainTest(Dataset train, Dataset test) {

  /**
   * Checks that both parts have the same image shape and class names.
   *
   * @param train the training examples
   * @param test the test examples
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the parts differ in image shape or class names
   */
  public TrainTest {
    checkNotNull(train, "train");
    checkNotNull(test, "test");
    checkArgument(
        train.shape().equals(test.shape()),
        "train %s and test %s differ in image shape: %s vs %s",
        train.name(),
        test.name(),
        train.shape(),
        test.shape());
    checkArgument(
        train.classNames().equals(test.classNames()),
        "train %s and test %s differ in class names",
        train.name(),
        test.name());
  }
}
