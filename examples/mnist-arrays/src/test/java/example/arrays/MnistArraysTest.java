package example.arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.TrainTest;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistArraysTest {
  @Test
  void embeddedArraysHoldEveryPixelOver255AndEveryLabel() throws IOException {
    TrainTest data = MnistArrays.load(null);
    for (Dataset dataset : new Dataset[] {data.train(), data.test()}) {
      MnistArrays.Part part = MnistArrays.toArrays(dataset);
      assertThat(part.images()).hasSize(dataset.size() * 784);
      assertThat(part.labels()).containsExactly(dataset.labels());
      for (int i = 0; i < dataset.size(); i += 97) {
        for (int j = 0; j < 784; j++) {
          assertThat(part.images()[i * 784 + j]).as("example %s pixel %s", i, j)
              .isEqualTo(dataset.pixel(i, j) / 255f);
        }
      }
    }
  }

  /** Two MNIST-format examples written here, read back through the folder argument. */
  @Test
  void aFolderOfIdxFilesIsRead(@TempDir Path folder) throws IOException {
    writeImages(folder.resolve("train-images-idx3-ubyte"), 2, 0);
    writeLabels(folder.resolve("train-labels-idx1-ubyte"), 7, 3);
    writeImages(folder.resolve("t10k-images-idx3-ubyte"), 1, 100);
    writeLabels(folder.resolve("t10k-labels-idx1-ubyte"), 9);
    TrainTest data = MnistArrays.load(folder);
    MnistArrays.Part train = MnistArrays.toArrays(data.train());
    assertThat(train.labels()).containsExactly(7, 3);
    // pixel j of example i is (i * 784 + j) % 256 by construction
    assertThat(train.images()[0]).isEqualTo(0f);
    assertThat(train.images()[255]).isEqualTo(1f);
    assertThat(train.images()[784 + 10]).isEqualTo(((784 + 10) % 256) / 255f);
    MnistArrays.Part test = MnistArrays.toArrays(data.test());
    assertThat(test.labels()).containsExactly(9);
    assertThat(test.images()[0]).isEqualTo(100 / 255f);
    assertThat(MnistArrays.ascii(test, 0).lines()).hasSize(28).allMatch(l -> l.length() == 56);
  }

  @Test
  void aFolderWithoutTheFilesIsNamed(@TempDir Path folder) {
    assertThatThrownBy(() -> MnistArrays.load(folder))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(folder.resolve("train-images-idx3-ubyte.gz").toString());
  }

  private static void writeImages(Path file, int count, int first) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(0x00000803);
      out.writeInt(count);
      out.writeInt(28);
      out.writeInt(28);
      for (int k = 0; k < count * 784; k++) {
        out.writeByte((first + k) % 256);
      }
    }
  }

  private static void writeLabels(Path file, int... labels) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(0x00000801);
      out.writeInt(labels.length);
      for (int label : labels) {
        out.writeByte(label);
      }
    }
  }
}
