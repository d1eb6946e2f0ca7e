package example.arrays;

import dev.sngrad.data.Batch;
import dev.sngrad.data.Batcher;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.Normalization;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.mnist.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST loaded with sngrad-data into plain arrays for another library: images as one row-major
 * {@code float[]} of {@code n * 784} values in [0, 1] ({@code pixel / 255}, example {@code i} at
 * {@code [i * 784, (i + 1) * 784)}, rows of 28 pixels), labels as an {@code int[]} of classes 0..9.
 *
 * <p>With a folder argument it reads the four MNIST IDX files there ({@code
 * train-images-idx3-ubyte.gz} and so on, gzip-compressed or not); without one it uses the
 * Fashion-MNIST subset shipped inside sngrad-data (same format, 10,000 + 2,000 images).
 */
public final class MnistArrays {
  /** One part (training or test) as plain arrays. */
  public record Part(String name, float[] images, int[] labels, int height, int width) {
    /** The number of examples. */
    public int size() {
      return labels.length;
    }
  }

  private MnistArrays() {}

  /** Loads the MNIST files in {@code folder}, or the embedded subset when {@code folder} is null. */
  public static TrainTest load(Path folder) throws IOException {
    return folder == null ? FashionMnist.embeddedSubset() : Mnist.load(folder);
  }

  /**
   * The pixels of every example of {@code dataset} scaled to [0, 1], in dataset order, and its
   * labels: sngrad-data's batcher with the normalization that only divides by 255, unshuffled,
   * in one batch.
   */
  public static Part toArrays(Dataset dataset) {
    Batch all = Batcher.builder(dataset, Normalization.unitScale(dataset.shape().channels()))
        .batchSize(dataset.size())
        .shuffle(false)
        .build()
        .batch(0, 0);
    return new Part(dataset.name(), all.inputs(), all.labels(), dataset.shape().height(), dataset.shape().width());
  }

  public static void main(String[] args) throws IOException {
    Path folder = args.length > 0 ? Path.of(args[0]) : null;
    TrainTest data = load(folder);
    System.out.println(folder == null
        ? "no folder given: the Fashion-MNIST subset embedded in sngrad-data"
        : "MNIST from " + folder);
    for (Dataset dataset : new Dataset[] {data.train(), data.test()}) {
      Part part = toArrays(dataset);
      double sum = 0;
      for (float v : part.images()) {
        sum += v;
      }
      System.out.printf("%-22s float[%d] images (%d x %dx%d), int[%d] labels, mean pixel %.4f, per class %s%n",
          part.name(), part.images().length, part.size(), part.height(), part.width(), part.labels().length,
          sum / part.images().length, Arrays.toString(dataset.classCounts()));
    }
    Part test = toArrays(data.test());
    System.out.println("test image 0, a " + data.test().classNames().get(test.labels()[0]) + ":");
    System.out.print(ascii(test, 0));
  }

  /** Example {@code index} drawn with characters, two per pixel, darker for larger values. */
  static String ascii(Part part, int index) {
    String shades = " .:-=+*#%@";
    StringBuilder out = new StringBuilder();
    int base = index * part.height() * part.width();
    for (int y = 0; y < part.height(); y++) {
      for (int x = 0; x < part.width(); x++) {
        char c = shades.charAt(Math.min(shades.length() - 1, (int) (part.images()[base + y * part.width() + x] * shades.length())));
        out.append(c).append(c);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
