package dev.sngrad.data.mnist;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.ImageShape;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.fetch.Checksum;
import dev.sngrad.data.fetch.DataFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Datasets distributed as MNIST is: four gzipped IDX files under MNIST's names, 1 x 28 x 28
 * unsigned-byte images and one label byte per image. {@link Mnist}, {@link FashionMnist} and
 * datasets in the same format (Kuzushiji-MNIST, for instance) load through it.
 */
public final class IdxDatasets {
  /** The training images' file name. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

  /** The training labels' file name. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

  /** The test images' file name. */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

  /** The test labels' file name. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  /** The shape of one image. */
  public static final ImageShape SHAPE = new ImageShape(1, 28, 28);

  private IdxDatasets() {}

  /**
   * The four files under their standard names, with their official digests, in the order training
   * images, training labels, test images, test labels.
   *
   * @param trainImages the official digest of {@value #TRAIN_IMAGES}
   * @param trainLabels the official digest of {@value #TRAIN_LABELS}
   * @param testImages the official digest of {@value #TEST_IMAGES}
   * @param testLabels the official digest of {@value #TEST_LABELS}
   * @return the four files, for a {@link dev.sngrad.data.fetch.DatasetSpec}
   */
  public static ImmutableList<DataFile> files(
      Checksum trainImages, Checksum trainLabels, Checksum testImages, Checksum testLabels) {
    return ImmutableList.of(
        new DataFile(TRAIN_IMAGES, trainImages),
        new DataFile(TRAIN_LABELS, trainLabels),
        new DataFile(TEST_IMAGES, testImages),
        new DataFile(TEST_LABELS, testLabels));
  }

  /**
   * Loads both parts from the four files in {@code folder} (gzipped or decompressed, see {@link
   * IdxReader#resolve}); the parts are named {@code name + "/train"} and {@code name + "/test"}.
   *
   * @param folder the folder holding the files
   * @param name the dataset's name, e.g. {@code "kmnist"}
   * @param classNames the class names indexed by label; every label must be below their count
   * @return both parts, images {@code [1, 28, 28]} of unsigned bytes 0..255
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IllegalArgumentException if {@code classNames} is empty or has more than 256 names
   */
  public static TrainTest load(Path folder, String name, List<String> classNames)
      throws IOException {
    return new TrainTest(
        loadPart(name + "/train", folder, TRAIN_IMAGES, TRAIN_LABELS, classNames),
        loadPart(name + "/test", folder, TEST_IMAGES, TEST_LABELS, classNames));
  }

  static Dataset loadPart(
      String name, Path folder, String images, String labels, List<String> classNames)
      throws IOException {
    return IdxReader.readDataset(
        name,
        IdxReader.resolve(folder, images),
        IdxReader.resolve(folder, labels),
        SHAPE,
        classNames);
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
