package dev.sngrad.data.mnist;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.TrainTest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Loading shared by {@link Mnist} and {@link FashionMnist}: the four standard IDX file names. */
final class IdxDatasets {
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  static final ImageShape SHAPE = new ImageShape(1, 28, 28);

  private IdxDatasets() {}

  static Dataset load(
      String name, Path folder, String images, String labels, List<String> classNames)
      throws IOException {
    return IdxReader.readDataset(
        name,
        IdxReader.resolve(folder, images),
        IdxReader.resolve(folder, labels),
        SHAPE,
        classNames);
  }

  static TrainTest loadBoth(String name, Path folder, List<String> classNames) throws IOException {
    return new TrainTest(
        load(name + "/train", folder, TRAIN_IMAGES, TRAIN_LABELS, classNames),
        load(name + "/test", folder, TEST_IMAGES, TEST_LABELS, classNames));
  }

  /** Loads the pair {@code <resourceFolder>/<images>} and {@code <labels>} from the classpath. */
  static Dataset loadResource(
      String name, String resourceFolder, String images, String labels, List<String> classNames)
      throws IOException {
    String imagesName = resourceFolder + "/" + images;
    String labelsName = resourceFolder + "/" + labels;
    IdxReader.IdxImages imageData;
    try (InputStream in = openResource(imagesName)) {
      imageData = IdxReader.readImages(in, "classpath:" + imagesName);
    }
    int[] labelData;
    try (InputStream in = openResource(labelsName)) {
      labelData = IdxReader.readLabels(in, "classpath:" + labelsName, classNames.size());
    }
    return IdxReader.toDataset(
        name,
        imageData,
        "classpath:" + imagesName,
        labelData,
        "classpath:" + labelsName,
        SHAPE,
        classNames);
  }

  private static InputStream openResource(String name) throws FileNotFoundException {
    InputStream in = IdxDatasets.class.getResourceAsStream(name);
    if (in == null) {
      throw new FileNotFoundException(
          "classpath:" + name + " is missing; the sngrad-data jar is incomplete");
    }
    return in;
  }
}
