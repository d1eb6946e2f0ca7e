package dev.sngrad.data.augment;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A composable per-example augmentation pipeline in two stages, mirroring torchvision's {@code
 * Compose([... PIL transforms ..., ToTensor(), Normalize(...), ... tensor transforms ...])}:
 *
 * <ol>
 *   <li>{@link #beforeNormalization()}: transforms on raw intensities on the 0..255 scale (like PIL
 *       images), e.g. flips and rotation with fill 0 = black;
 *   <li>normalization {@code (x/255 - mean) / std} (done by the {@link dev.sngrad.data.Batcher});
 *   <li>{@link #afterNormalization()}: transforms on normalized values, e.g. {@link RandomErasing}
 *       with value 0 = the channel mean.
 * </ol>
 *
 * <p>Each stage applies its transforms in list order, all drawing from the one generator of the
 * example (derived by the batcher from seed, epoch and example index).
 *
 * <p>Immutable; thread-safe when its transforms are (the built-in ones are).
 */
public final class Augmentation {
  private static final Augmentation NONE = new Augmentation(ImmutableList.of(), ImmutableList.of());

  private final ImmutableList<ExampleTransform> beforeNormalization;
  private final ImmutableList<ExampleTransform> afterNormalization;

  private Augmentation(
      ImmutableList<ExampleTransform> beforeNormalization,
      ImmutableList<ExampleTransform> afterNormalization) {
    this.beforeNormalization = beforeNormalization;
    this.afterNormalization = afterNormalization;
  }

  /**
   * The identity: no transforms.
   *
   * @return the shared empty pipeline, for which {@link #isIdentity()} is true
   */
  public static Augmentation none() {
    return NONE;
  }

  /**
   * Creates a pipeline (lists are copied).
   *
   * @param beforeNormalization transforms on 0..255 intensities, in order
   * @param afterNormalization transforms on normalized values, in order
   * @return the pipeline
   * @throws NullPointerException if a list or one of its elements is null
   */
  public static Augmentation of(
      List<? extends ExampleTransform> beforeNormalization,
      List<? extends ExampleTransform> afterNormalization) {
    return new Augmentation(
        ImmutableList.copyOf(beforeNormalization), ImmutableList.copyOf(afterNormalization));
  }

  /**
   * The first stage.
   *
   * @return the transforms applied to 0..255 intensities, in order
   */
  public ImmutableList<ExampleTransform> beforeNormalization() {
    return beforeNormalization;
  }

  /**
   * The second stage.
   *
   * @return the transforms applied to normalized values, in order
   */
  public ImmutableList<ExampleTransform> afterNormalization() {
    return afterNormalization;
  }

  /**
   * Whether the pipeline does nothing; the batcher then normalizes bytes by table lookup.
   *
   * @return true when both stages are empty
   */
  public boolean isIdentity() {
    return beforeNormalization.isEmpty() && afterNormalization.isEmpty();
  }

  /**
   * Applies {@link #beforeNormalization()} in order to one image, in place.
   *
   * @param data holds the image as 0..255 intensities at {@code data[offset .. offset +
   *     shape.size())}, C, H, W order (modified)
   * @param offset the index of the image's first value
   * @param shape the image's shape
   * @param rng the example's generator, advanced by the transforms
   */
  public void applyBeforeNormalization(
      float[] data, int offset, ImageShape shape, SplittableRandom rng) {
    for (ExampleTransform t : beforeNormalization) {
      t.apply(data, offset, shape, rng);
    }
  }

  /**
   * Applies {@link #afterNormalization()} in order to one image, in place.
   *
   * @param data holds the image as normalized values at {@code data[offset .. offset +
   *     shape.size())}, C, H, W order (modified)
   * @param offset the index of the image's first value
   * @param shape the image's shape
   * @param rng the example's generator, advanced by the transforms
   */
  public void applyAfterNormalization(
      float[] data, int offset, ImageShape shape, SplittableRandom rng) {
    for (ExampleTransform t : afterNormalization) {
      t.apply(data, offset, shape, rng);
    }
  }

  @Override
  public String toString() {
    return "Augmentation[before=" + beforeNormalization + ", after=" + afterNormalization + "]";
  }
}
