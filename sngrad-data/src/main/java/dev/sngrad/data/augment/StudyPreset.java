package dev.sngrad.data.augment;

import com.google.common.collect.ImmutableList;

/**
 * The training augmentation of the original study (kaifishr/SignalNoiseGradients) for each dataset;
 * test data is only normalized and flattened ({@link Augmentation#none()}).
 *
 * <p>The study lists the transforms but its order is not recoverable, so we use the only order
 * torchvision allows for random erasing on tensors: flips, then rotation (nearest, fill 0 = black)
 * on 0..255 intensities, then normalization, then {@link RandomErasing#withDefaults()} (value 0 =
 * channel mean).
 */
public enum StudyPreset {
  /** MNIST: rotation +-20 degrees, random erasing. */
  MNIST(ImmutableList.of(RandomRotation.nearest(20))),
  /** Fashion-MNIST: horizontal flip, vertical flip, rotation +-20 degrees, random erasing. */
  FASHION_MNIST(
      ImmutableList.of(
          HorizontalFlip.withDefaultProbability(),
          VerticalFlip.withDefaultProbability(),
          RandomRotation.nearest(20))),
  /** CIFAR-10: horizontal flip, rotation +-20 degrees, random erasing. */
  CIFAR_10(ImmutableList.of(HorizontalFlip.withDefaultProbability(), RandomRotation.nearest(20)));

  private final Augmentation training;

  StudyPreset(ImmutableList<ExampleTransform> geometric) {
    this.training = Augmentation.of(geometric, ImmutableList.of(RandomErasing.withDefaults()));
  }

  /** The training augmentation of this dataset in the study. */
  public Augmentation training() {
    return training;
  }
}
