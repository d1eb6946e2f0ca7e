package dev.sngrad.data.cifar;

import static dev.sngrad.data.DatasetFixtures.cifarBatch;
import static dev.sngrad.data.DatasetFixtures.cifarMeta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.DatasetFixtures;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.MalformedDatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    return Cifar10Reader.readClassNames(
        Files.writeString(dir.resolve("batches.meta.txt"), cifarMeta()));
  }

  @Test
  void readsAndConcatenatesBatchesInChannelHeightWidthOrder() throws IOException {
    Path a = Files.write(dir.resolve("data_batch_1.bin"), cifarBatch(3, 9));
    Path b = Files.write(dir.resolve("data_batch_2.bin"), cifarBatch(0));

    Dataset d = Cifar10Reader.read("cifar", List.of(a, b), names());

    assertThat(d.size()).isEqualTo(3);
    assertThat(d.shape()).isEqualTo(new ImageShape(3, 32, 32));
    assertThat(d.labels()).containsExactly(3, 9, 0);
    // Record 1 of file a: red plane first (offset 0..1023), then green, then blue.
    assertThat(d.pixel(1, 0)).isEqualTo(DatasetFixtures.pixel(1, 0));
    assertThat(d.pixel(1, 1024 + 33)).isEqualTo(DatasetFixtures.pixel(1, 1024 + 33));
    assertThat(d.pixel(2, 3071)).isEqualTo(DatasetFixtures.pixel(0, 3071));
    assertThat(d.classNames()).startsWith("airplane", "automobile").endsWith("truck");
  }

  @Test
  void loadsStandardFolder() throws IOException {
    names();
    for (String f : Cifar10.TRAIN_FILES) {
      Files.write(dir.resolve(f), cifarBatch(1, 2));
    }
    Files.write(dir.resolve(Cifar10.TEST_FILE), cifarBatch(7));

    var data = Cifar10.load(dir);

    assertThat(data.train().size()).isEqualTo(10);
    assertThat(data.test().labels()).containsExactly(7);
  }

  @Test
  void truncatedFileIsReported() throws IOException {
    byte[] batch = cifarBatch(1, 2, 3);
    Path file =
        Files.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(batch, batch.length - 7));

    assertThatThrownBy(() -> Cifar10Reader.read("c", List.of(file), names()))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("not a positive multiple of the 3073-byte record")
        .hasMessageContaining("truncated")
        .hasMessageContaining("3066 bytes left over");
  }

  @Test
  void emptyFileIsReported() throws IOException {
    Path file = Files.write(dir.resolve("test_batch.bin"), new byte[0]);

    assertThatThrownBy(() -> Cifar10Reader.read("c", List.of(file), names()))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("empty file");
  }

  @Test
  void labelOutsideZeroToNineIsReported() throws IOException {
    Path good = Files.write(dir.resolve("data_batch_1.bin"), cifarBatch(1));
    Path bad = Files.write(dir.resolve("data_batch_2.bin"), cifarBatch(4, 200));

    assertThatThrownBy(() -> Cifar10Reader.read("c", List.of(good, bad), names()))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(bad.toString())
        .hasMessageContaining("label 200 of record 1 is outside 0-9");
  }

  @Test
  void metaFileWithWrongNumberOfNamesIsReported() throws IOException {
    Path meta = Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n\n");

    assertThatThrownBy(() -> Cifar10Reader.readClassNames(meta))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(meta.toString())
        .hasMessageContaining("expected 10 class names")
        .hasMessageContaining("found 2");
  }
}
