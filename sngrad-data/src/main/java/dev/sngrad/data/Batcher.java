package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.data.augment.Augmentation;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Cuts a {@link Dataset} into mini-batches and converts each to float32.
 *
 * <p>Order: with shuffling (the default) epoch {@code e} visits the examples in a permutation drawn
 * by Fisher-Yates from a generator seeded with {@code derive(seed, e)}, so every epoch has a new
 * order and any epoch or batch can be recomputed on its own (reproducible, resumable). With {@code
 * shuffle(false)} examples come in dataset order. The last, smaller batch is kept unless {@code
 * dropLast(true)}.
 *
 * <p>Conversion of example {@code i}: without augmentation, {@code y = (x/255 - mean[c]) / std[c]}
 * for each byte {@code x} (see {@link Normalization}); with augmentation, the bytes are widened to
 * floats 0..255, {@link Augmentation#beforeNormalization()} runs, the values are normalized, then
 * {@link Augmentation#afterNormalization()} runs. The augmentation generator of example {@code i}
 * in epoch {@code e} is seeded with {@code derive(seed, e, i)}: it does not depend on batch size or
 * position. Batches have shape {@code [B, C*H*W]}.
 *
 * <p>Immutable and thread-safe; each call allocates its own output.
 */
public final class Batcher {
  private final Dataset dataset;
  private final Normalization normalization;
  private final Augmentation augmentation;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final long seed;

  private Batcher(Builder b) {
    this.dataset = b.dataset;
    this.normalization = b.normalization;
    this.augmentation = b.augmentation;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.seed = b.seed;
  }

  /**
   * Starts a batcher over {@code dataset} normalized with {@code normalization} (use the training
   * set's statistics for the test set too).
   *
   * @param dataset the examples to batch
   * @param normalization per-channel statistics, one channel per channel of the dataset's images
   * @return a builder with the defaults listed on {@link Builder}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the normalization's channel count differs from the
   *     dataset's
   */
  public static Builder builder(Dataset dataset, Normalization normalization) {
    return new Builder(dataset, normalization);
  }

  /**
   * The dataset being batched.
   *
   * @return the dataset
   */
  public Dataset dataset() {
    return dataset;
  }

  /**
   * The configured batch size.
   *
   * @return the examples per batch; the last batch of an epoch may be smaller unless {@code
   *     dropLast}
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The number of batches in every epoch.
   *
   * @return {@code floor(size / batchSize)} with {@code dropLast}, {@code ceil(size / batchSize)}
   *     without
   */
  public int batchesPerEpoch() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /**
   * The order in which an epoch visits the examples.
   *
   * @param epoch the epoch, from 0
   * @return a fresh array of all dataset indices, each once: a seeded permutation when shuffling,
   *     {@code 0, 1, ..., size - 1} otherwise
   * @throws IllegalArgumentException if {@code epoch} is negative
   */
  public int[] order(int epoch) {
    checkArgument(epoch >= 0, "epoch %s is negative", epoch);
    int n = dataset.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.SHUFFLE, epoch));
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /**
   * The batches of one epoch, in order. Each batch is converted when the iterator reaches it.
   *
   * @param epoch the epoch, from 0; it seeds the order and the augmentation
   * @return an iterable over the {@link #batchesPerEpoch()} batches; each of its iterators computes
   *     the permutation once and yields the same batches
   * @throws IllegalArgumentException if {@code epoch} is negative
   */
  public Iterable<Batch> epoch(int epoch) {
    checkArgument(epoch >= 0, "epoch %s is negative", epoch);
    return () -> new EpochIterator(epoch, order(epoch));
  }

  /**
   * One batch of an epoch, equal to the one {@link #epoch} yields at that position, computed on its
   * own (for resuming or parallel loading).
   *
   * @param epoch the epoch, from 0
   * @param batchIndex the batch's position in the epoch, in {@code [0, batchesPerEpoch())}
   * @return the batch, {@code [B, C*H*W]}
   * @throws IndexOutOfBoundsException if {@code batchIndex} is out of range
   * @throws IllegalArgumentException if {@code epoch} is negative
   */
  public Batch batch(int epoch, int batchIndex) {
    checkElementIndex(batchIndex, batchesPerEpoch(), "batch index");
    return slice(epoch, order(epoch), batchIndex);
  }

  /**
   * Converts the given examples into one batch, in the given order, with this batcher's
   * normalization and augmentation. Example {@code i}'s augmentation depends only on the seed,
   * {@code epoch} and {@code i}, so it matches what {@link #epoch} gives the same example.
   *
   * @param epoch the epoch whose augmentation draws to use
   * @param indices dataset indices, repeats allowed (not modified; the batch holds a copy)
   * @return the batch, {@code [indices.length, C*H*W]}
   * @throws IndexOutOfBoundsException if an index is outside the dataset
   */
  public Batch convert(int epoch, int[] indices) {
    int size = dataset.shape().size();
    float[] inputs = new float[Math.multiplyExact(indices.length, size)];
    int[] labels = new int[indices.length];
    byte[] bytes = new byte[size];
    for (int b = 0; b < indices.length; b++) {
      labels[b] = dataset.label(indices[b]);
      dataset.copyPixels(indices[b], bytes, 0);
      convertExample(epoch, indices[b], bytes, inputs, b * size);
    }
    return new Batch(inputs, new int[] {indices.length, size}, labels, indices.clone());
  }

  private Batch slice(int epoch, int[] order, int batchIndex) {
    int from = batchIndex * batchSize;
    int to = Math.min(from + batchSize, order.length);
    int[] indices = new int[to - from];
    System.arraycopy(order, from, indices, 0, indices.length);
    return convert(epoch, indices);
  }

  private void convertExample(int epoch, int index, byte[] bytes, float[] out, int offset) {
    ImageShape shape = dataset.shape();
    int plane = shape.planeSize();
    int channels = shape.channels();
    if (augmentation.isIdentity()) {
      for (int c = 0; c < channels; c++) {
        int base = c * plane;
        for (int p = 0; p < plane; p++) {
          out[offset + base + p] = normalization.normalizeByte(c, bytes[base + p] & 0xFF);
        }
      }
      return;
    }
    for (int k = 0; k < shape.size(); k++) {
      out[offset + k] = bytes[k] & 0xFF;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.AUGMENT, epoch, index));
    augmentation.applyBeforeNormalization(out, offset, shape, rng);
    for (int c = 0; c < channels; c++) {
      int base = offset + c * plane;
      for (int p = 0; p < plane; p++) {
        out[base + p] = (float) normalization.normalize(c, out[base + p]);
      }
    }
    augmentation.applyAfterNormalization(out, offset, shape, rng);
  }

  private final class EpochIterator implements Iterator<Batch> {
    private final int epoch;
    private final int[] order;
    private int next;

    EpochIterator(int epoch, int[] order) {
      this.epoch = epoch;
      this.order = order;
    }

    @Override
    public boolean hasNext() {
      return next < batchesPerEpoch();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException(
            "epoch " + epoch + " has " + batchesPerEpoch() + " batches");
      }
      return slice(epoch, order, next++);
    }
  }

  /** Configures a {@link Batcher}; defaults: shuffle on, dropLast off, seed 0, no augmentation. */
  public static final class Builder {
    private final Dataset dataset;
    private final Normalization normalization;
    private Augmentation augmentation = Augmentation.none();
    private int batchSize = 32;
    private boolean shuffle = true;
    private boolean dropLast;
    private long seed;

    private Builder(Dataset dataset, Normalization normalization) {
      this.dataset = checkNotNull(dataset, "dataset");
      this.normalization = checkNotNull(normalization, "normalization");
      checkArgument(
          normalization.channels() == dataset.shape().channels(),
          "normalization has %s channels but dataset %s has shape %s",
          normalization.channels(),
          dataset.name(),
          dataset.shape());
    }

    /**
     * Sets the examples per batch.
     *
     * @param batchSize positive (default 32)
     * @return this builder
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets whether each epoch visits the examples in a new seeded permutation.
     *
     * @param shuffle true to shuffle (default), false for dataset order
     * @return this builder
     */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Sets whether to drop the last batch of an epoch when it is smaller than the batch size.
     *
     * @param dropLast true to drop it, false to keep it (default)
     * @return this builder
     */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * Sets the seed of shuffling and augmentation.
     *
     * @param seed any value (default 0); the same seed gives the same batches
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the per-example augmentation applied to every batch.
     *
     * @param augmentation the augmentation (default {@link Augmentation#none()})
     * @return this builder
     * @throws NullPointerException if {@code augmentation} is null
     */
    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = checkNotNull(augmentation, "augmentation");
      return this;
    }

    /**
     * Builds the batcher. The builder may be changed and built again afterwards.
     *
     * @return an immutable batcher with the current settings
     */
    public Batcher build() {
      return new Batcher(this);
    }
  }
}
