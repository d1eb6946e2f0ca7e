package dev.sngrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.augment.ExampleTransform;
import dev.sngrad.data.augment.RandomRotation;
import dev.sngrad.data.registry.DatasetRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private static final ImageShape SHAPE = new ImageShape(3, 4, 4);

  private static Dataset random(int n) {
    byte[] pixels = new byte[n * SHAPE.size()];
    new SplittableRandom(11).nextBytes(pixels);
    int[] labels = IntStream.range(0, n).map(i -> i % 10).toArray();
    return Dataset.of(
        "random", pixels, labels, SHAPE, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
  }

  private static List<Batch> collect(Iterable<Batch> batches) {
    List<Batch> list = new ArrayList<>();
    batches.forEach(list::add);
    return list;
  }

  private static float[] row(Batch batch, int b) {
    int size = batch.exampleSize();
    return Arrays.copyOfRange(batch.inputs(), b * size, (b + 1) * size);
  }

  @Test
  void cutsEpochIntoBatchesKeepingOrDroppingTheLast() {
    Dataset d = random(10);
    Normalization norm = Normalization.fromTraining(d);
    Batcher keep = Batcher.builder(d, norm).batchSize(4).build();
    Batcher drop = Batcher.builder(d, norm).batchSize(4).dropLast(true).build();

    List<Batch> kept = collect(keep.epoch(0));
    assertThat(keep.batchesPerEpoch()).isEqualTo(3);
    assertThat(kept).extracting(Batch::size).containsExactly(4, 4, 2);
    assertThat(kept.get(0).shape()).containsExactly(4, 48);
    assertThat(kept.stream().flatMapToInt(b -> Arrays.stream(b.indices())).sorted().toArray())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(drop.batchesPerEpoch()).isEqualTo(2);
    assertThat(collect(drop.epoch(0))).extracting(Batch::size).containsExactly(4, 4);
  }

  @Test
  void convertsBytesWithNormalizationInChannelHeightWidthOrder() {
    Dataset d = random(5);
    Normalization norm = Normalization.fromTraining(d);
    Batch batch = Batcher.builder(d, norm).batchSize(5).shuffle(false).build().batch(0, 0);

    assertThat(batch.indices()).containsExactly(0, 1, 2, 3, 4);
    assertThat(batch.labels()).containsExactly(0, 1, 2, 3, 4);
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < SHAPE.size(); k++) {
        int channel = k / SHAPE.planeSize();
        assertThat(batch.inputs()[i * SHAPE.size() + k])
            .isEqualTo((float) ((d.pixel(i, k) / 255.0 - norm.mean(channel)) / norm.std(channel)));
      }
    }
  }

  @Test
  void shufflesReproduciblyWithANewPermutationEachEpoch() {
    Dataset d = random(100);
    Normalization norm = Normalization.fromTraining(d);
    Batcher a = Batcher.builder(d, norm).batchSize(10).seed(5).build();
    Batcher b = Batcher.builder(d, norm).batchSize(10).seed(5).build();
    Batcher other = Batcher.builder(d, norm).batchSize(10).seed(6).build();

    assertThat(a.order(0))
        .isEqualTo(b.order(0))
        .isNotEqualTo(a.order(1))
        .isNotEqualTo(other.order(0));
    assertThat(Arrays.stream(a.order(3)).sorted().toArray())
        .isEqualTo(IntStream.range(0, 100).toArray());
    assertThat(Batcher.builder(d, norm).shuffle(false).build().order(7))
        .isEqualTo(IntStream.range(0, 100).toArray());
  }

  @Test
  void anyBatchCanBeRecomputedOnItsOwn() {
    Dataset d = random(50);
    Batcher batcher =
        Batcher.builder(d, Normalization.fromTraining(d))
            .batchSize(8)
            .seed(3)
            .augmentation(DatasetRegistry.builtIn().get("cifar10").studyAugmentation())
            .build();

    List<Batch> epoch2 = collect(batcher.epoch(2));

    assertThat(batcher.batch(2, 4)).isEqualTo(epoch2.get(4));
    assertThat(collect(batcher.epoch(2))).isEqualTo(epoch2);
    assertThat(batcher.batch(3, 4)).isNotEqualTo(epoch2.get(4));
  }

  @Test
  void augmentationDependsOnSeedEpochAndExampleNotOnBatching() {
    Dataset d = random(30);
    Normalization norm = Normalization.fromTraining(d);
    Augmentation aug = DatasetRegistry.builtIn().get("fashion-mnist").studyAugmentation();
    Batcher small = Batcher.builder(d, norm).batchSize(3).seed(9).augmentation(aug).build();
    Batcher large = Batcher.builder(d, norm).batchSize(7).seed(9).augmentation(aug).build();
    int[] indices = {17, 4};

    Batch fromSmall = small.convert(1, indices);
    Batch fromLarge = large.convert(1, new int[] {4, 17});

    assertThat(row(fromSmall, 0)).isEqualTo(row(fromLarge, 1));
    assertThat(row(fromSmall, 1)).isEqualTo(row(fromLarge, 0));
    Batch plain = Batcher.builder(d, norm).build().convert(1, indices);
    int changed = 0;
    for (int epoch = 0; epoch < 10; epoch++) {
      changed += Arrays.equals(row(small.convert(epoch, indices), 0), row(plain, 0)) ? 0 : 1;
    }
    assertThat(changed).isGreaterThan(5);
  }

  @Test
  void noOpAugmentationGivesExactlyTheFastPathValues() {
    Dataset d = random(6);
    Normalization norm = Normalization.fromTraining(d);
    ExampleTransform noOp = (data, offset, shape, rng) -> {};
    Batcher plain = Batcher.builder(d, norm).batchSize(6).build();
    Batcher withNoOp =
        Batcher.builder(d, norm)
            .batchSize(6)
            .augmentation(Augmentation.of(List.of(noOp), List.of(noOp)))
            .build();

    assertThat(withNoOp.batch(0, 0)).isEqualTo(plain.batch(0, 0));
  }

  @Test
  void geometricTransformsRunBeforeNormalizationSoFillIsBlack() {
    Dataset d = random(1);
    Normalization norm = Normalization.fromTraining(d);
    RandomRotation rotation = RandomRotation.nearest(45);
    ExampleTransform rotate45 =
        (data, offset, shape, rng) -> rotation.rotate(data, offset, shape, 45);
    Batch batch =
        Batcher.builder(d, norm)
            .augmentation(Augmentation.of(List.of(rotate45), List.of()))
            .build()
            .convert(0, new int[] {0});

    // The top-left corner of a 4x4 image rotated by 45 degrees comes from outside: value 0.
    for (int c = 0; c < 3; c++) {
      assertThat(batch.inputs()[c * 16]).isEqualTo(norm.normalizeByte(c, 0));
    }
  }

  @Test
  void rejectsMismatchedNormalizationAndBadArguments() {
    Dataset d = random(3);
    assertThatThrownBy(() -> Batcher.builder(d, Normalization.unitScale(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "normalization has 1 channels but dataset random has shape [3, 4, 4]");
    assertThatThrownBy(() -> Batcher.builder(d, Normalization.unitScale(3)).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size must be positive");
    Batcher batcher = Batcher.builder(d, Normalization.unitScale(3)).batchSize(2).build();
    assertThatThrownBy(() -> batcher.batch(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
