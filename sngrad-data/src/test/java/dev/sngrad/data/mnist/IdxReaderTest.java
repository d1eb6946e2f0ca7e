package dev.sngrad.data.mnist;

import static dev.sngrad.data.DatasetFixtures.gzip;
import static dev.sngrad.data.DatasetFixtures.idxImages;
import static dev.sngrad.data.DatasetFixtures.idxLabels;
import static dev.sngrad.data.DatasetFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.DatasetFixtures;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.MalformedDatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final ImageShape MNIST_SHAPE = new ImageShape(1, 28, 28);
  private static final List<String> DIGITS = Mnist.CLASS_NAMES;

  @TempDir Path dir;

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void readsGzippedAndPlainFilesIdentically() throws IOException {
    Path gzImages = write("a-images.gz", gzip(idxImages(12)));
    Path gzLabels = write("a-labels.gz", gzip(idxLabels(12)));
    Path images = write("b-images", idxImages(12));
    Path labels = write("b-labels", idxLabels(12));

    Dataset fromGz = IdxReader.readDataset("gz", gzImages, gzLabels, MNIST_SHAPE, DIGITS);
    Dataset plain = IdxReader.readDataset("plain", images, labels, MNIST_SHAPE, DIGITS);

    assertThat(fromGz.size()).isEqualTo(12);
    assertThat(fromGz.shape()).isEqualTo(MNIST_SHAPE);
    assertThat(fromGz.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1);
    assertThat(fromGz.pixel(5, 100)).isEqualTo(DatasetFixtures.pixel(5, 100));
    assertThat(fromGz.pixels()).isEqualTo(plain.pixels());
    assertThat(plain.labels()).isEqualTo(fromGz.labels());
  }

  @Test
  void readsZeroImages() throws IOException {
    IdxReader.IdxImages images = IdxReader.readImages(write("empty", idxImages(0)));
    assertThat(images.count()).isZero();
    assertThat(images.pixels()).isEmpty();
  }

  @Test
  void wrongMagicNamesFileExpectedAndFoundMagic() throws IOException {
    Path labelsAsImages = write("train-images-idx3-ubyte", idxLabels(3));

    assertThatThrownBy(() -> IdxReader.readImages(labelsAsImages))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(labelsAsImages.toString())
        .hasMessageContaining("wrong magic number")
        .hasMessageContaining("expected 0x00000803")
        .hasMessageContaining("found 0x00000801");
  }

  @Test
  void wrongLabelsMagicIsReported() throws IOException {
    Path imagesAsLabels = write("labels.gz", gzip(idxImages(1)));

    assertThatThrownBy(() -> IdxReader.readLabels(imagesAsLabels, 10))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(imagesAsLabels.toString())
        .hasMessageContaining("expected 0x00000801")
        .hasMessageContaining("found 0x00000803");
  }

  @Test
  void truncatedPixelDataIsReported() throws IOException {
    byte[] full = idxImages(4);
    Path file = write("images.gz", gzip(prefix(full, full.length - 100)));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("4 images of 28x28")
        .hasMessageContaining("ends after " + (4 * 784 - 100) + " bytes");
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path file = write("images", prefix(idxImages(1), 10));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("header");
  }

  @Test
  void truncatedGzipStreamIsReported() throws IOException {
    byte[] compressed = gzip(idxImages(50));
    Path file = write("images.gz", prefix(compressed, compressed.length / 2));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("truncated gzip data");
  }

  @Test
  void corruptGzipStreamIsReported() throws IOException {
    byte[] compressed = gzip(idxImages(50));
    for (int i = 20; i < 60; i++) {
      compressed[i] ^= (byte) 0x5A;
    }
    Path file = write("images.gz", compressed);

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("gzip");
  }

  @Test
  void gzFileThatIsNotGzipIsReported() throws IOException {
    Path file = write("train-images-idx3-ubyte.gz", idxImages(2));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("named .gz but not gzip")
        .hasMessageContaining("starts with 0x00 0x00");
  }

  @Test
  void emptyGzFileIsReported() throws IOException {
    Path file = write("labels.gz", new byte[0]);

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("not gzip")
        .hasMessageContaining("empty file");
  }

  @Test
  void extraDataAfterDeclaredImagesIsReported() throws IOException {
    byte[] images = idxImages(2);
    byte[] longer = Arrays.copyOf(images, images.length + 5);
    Path file = write("images", longer);

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("extra data after the 2 images");
  }

  @Test
  void labelOutsideZeroToNineIsReported() throws IOException {
    Path file = write("labels.gz", gzip(idxLabels(0x00000801, 3, 9, 10, 1)));

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("label 10 at index 2 is outside 0-9");
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    Path images = write("images.gz", gzip(idxImages(5)));
    Path labels = write("labels.gz", gzip(idxLabels(4)));

    assertThatThrownBy(() -> IdxReader.readDataset("x", images, labels, MNIST_SHAPE, DIGITS))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(labels.toString())
        .hasMessageContaining("count mismatch: 4 labels")
        .hasMessageContaining(images + " has 5 images");
  }

  @Test
  void wrongImageSizeIsReported() throws IOException {
    Path images = write("images.gz", gzip(idxImages(0x00000803, 2, 32, 32)));
    Path labels = write("labels.gz", gzip(idxLabels(2)));

    assertThatThrownBy(() -> IdxReader.readDataset("x", images, labels, MNIST_SHAPE, DIGITS))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(images.toString())
        .hasMessageContaining("wrong image size: 32x32, expected 28x28");
  }

  @Test
  void negativeOrHugeDimensionsAreReported() throws IOException {
    Path negative = write("neg", idxImages(0x00000803, 0, -1, 28));
    byte[] hugeHeader = idxImages(0x00000803, 0, 28, 28);
    hugeHeader[4] = 0x7F; // count = 0x7F000000
    Path huge = write("huge", hugeHeader);

    assertThatThrownBy(() -> IdxReader.readImages(negative))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(negative.toString())
        .hasMessageContaining("invalid dimensions");
    assertThatThrownBy(() -> IdxReader.readImages(huge))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(huge.toString())
        .hasMessageContaining("more than one array can hold");
  }

  @Test
  void resolvePrefersGzipAndFallsBackToDecompressedName() throws IOException {
    write("t10k-labels-idx1-ubyte", idxLabels(1));
    assertThat(IdxReader.resolve(dir, "t10k-labels-idx1-ubyte.gz"))
        .isEqualTo(dir.resolve("t10k-labels-idx1-ubyte"));
    write("t10k-labels-idx1-ubyte.gz", gzip(idxLabels(1)));
    assertThat(IdxReader.resolve(dir, "t10k-labels-idx1-ubyte.gz"))
        .isEqualTo(dir.resolve("t10k-labels-idx1-ubyte.gz"));
  }

  @Test
  void resolveNamesBothCandidatesWhenMissing() {
    assertThatThrownBy(() -> IdxReader.resolve(dir, "train-images-idx3-ubyte.gz"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString())
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte").toString());
  }

  @Test
  void loadsStandardFolderLayout() throws IOException {
    DatasetFixtures.writeIdxFolder(dir, 30, 20);

    var data = Mnist.load(dir);

    assertThat(data.train().size()).isEqualTo(30);
    assertThat(data.test().size()).isEqualTo(20);
    assertThat(data.train().name()).isEqualTo("mnist/train");
    assertThat(FashionMnist.loadTest(dir).classNames()).contains("Ankle boot");
  }
}
