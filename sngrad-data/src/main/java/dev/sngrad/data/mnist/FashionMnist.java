package dev.sngrad.data.mnist;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.fetch.Checksum;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, Zalando SE, MIT licence): 60,000 training and 10,000
 * test images of clothing, 1 x 28 x 28 unsigned bytes, 10 classes, in MNIST's IDX format and file
 * names.
 *
 * <p>Files are downloaded from {@link #MIRROR} and verified by SHA-256. {@link #embeddedSubset()}
 * loads a class-balanced subset shipped inside the jar (10,000 + 2,000 images), so code can run
 * with no files and no network.
 */
public final class FashionMnist {
  /** The default download mirror (Zalando's), a folder URL. */
  public static final URI MIRROR =
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  /** Class names indexed by label, as in the Fashion-MNIST README. */
  public static final ImmutableList<String> CLASS_NAMES =
      ImmutableList.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Name, files, SHA-256 checksums and download mirror. */
  public static final DatasetSpec SPEC =
      DatasetSpec.of(
          "fashion-mnist",
          "Fashion-MNIST",
          IdxDatasets.files(
              Checksum.sha256("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
              Checksum.sha256("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
              Checksum.sha256("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
              Checksum.sha256("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")),
          new DatasetSpec.PerFile(MIRROR));

  /** The classpath folder of the embedded subset (gzipped IDX files, LICENSE, README.md). */
  public static final String EMBEDDED_RESOURCE_FOLDER =
      "/dev/sngrad/data/embedded/fashion-mnist-subset";

  /** Training images per class in the embedded subset. */
  public static final int EMBEDDED_TRAIN_PER_CLASS = 1000;

  /** Test images per class in the embedded subset. */
  public static final int EMBEDDED_TEST_PER_CLASS = 200;

  private FashionMnist() {}

  /**
   * Loads both parts from {@code folder}, which holds the four files gzipped or decompressed.
   *
   * @param folder the folder holding the files
   * @return the parts {@code fashion-mnist/train} and {@code fashion-mnist/test}, images
   *     {@code [1, 28, 28]} of unsigned bytes 0..255
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (wrong
   *     magic number, truncated, wrong image size, counts that disagree, a label out of range)
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static TrainTest load(Path folder) throws IOException {
    return IdxDatasets.load(folder, "fashion-mnist", CLASS_NAMES);
  }

  /**
   * Loads the training examples ({@value IdxDatasets#TRAIN_IMAGES} and {@value
   * IdxDatasets#TRAIN_LABELS}, or their decompressed forms) from {@code folder}.
   *
   * @param folder the folder holding the files
   * @return the dataset {@code fashion-mnist/train}: 60,000 images {@code [1, 28, 28]} in the
   *     official files
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (wrong
   *     magic number, truncated, wrong image size, counts that disagree, a label out of range)
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTrain(Path folder) throws IOException {
    return IdxDatasets.loadPart(
        "fashion-mnist/train",
        folder,
        IdxDatasets.TRAIN_IMAGES,
        IdxDatasets.TRAIN_LABELS,
        CLASS_NAMES);
  }

  /**
   * Loads the test examples ({@value IdxDatasets#TEST_IMAGES} and {@value
   * IdxDatasets#TEST_LABELS}, or their decompressed forms) from {@code folder}.
   *
   * @param folder the folder holding the files
   * @return the dataset {@code fashion-mnist/test}: 10,000 images {@code [1, 28, 28]} in the
   *     official files
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (wrong
   *     magic number, truncated, wrong image size, counts that disagree, a label out of range)
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTest(Path folder) throws IOException {
    return IdxDatasets.loadPart(
        "fashion-mnist/test",
        folder,
        IdxDatasets.TEST_IMAGES,
        IdxDatasets.TEST_LABELS,
        CLASS_NAMES);
  }

  /**
   * Finds the files with {@code locator} (see {@link DatasetLocator} for the search order) and
   * loads both parts. May download the files (about 30 MB) if the locator's policy allows it.
   *
   * @param locator where to look, and whether to download
   * @param callerFolder a folder to look in first, if any
   * @return both parts, as {@link #load}
   * @throws dev.sngrad.data.fetch.DatasetNotFoundException if no folder holds the files and they
   *     could not be downloaded (the message says where to put them)
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed
   * @throws IOException if a file cannot be read
   */
  public static TrainTest locateAndLoad(DatasetLocator locator, Optional<Path> callerFolder)
      throws IOException {
    return load(locator.locate(SPEC, callerFolder).folder());
  }

  /**
   * Loads the subset embedded in the jar: the first {@value #EMBEDDED_TRAIN_PER_CLASS} training
   * images of each class in file order (10,000) and the first {@value #EMBEDDED_TEST_PER_CLASS}
   * test images of each class (2,000), each part in the original file order. See the README.md
   * beside the files for the exact indices and how they were made. Needs no files and no network.
   *
   * @return the parts {@code fashion-mnist-subset/train} and {@code fashion-mnist-subset/test},
   *     images {@code [1, 28, 28]} of unsigned bytes 0..255
   * @throws java.io.FileNotFoundException if the resources are missing from the classpath (an
   *     incomplete jar)
   * @throws IOException if a resource cannot be read or is malformed
   */
  public static TrainTest embeddedSubset() throws IOException {
    return new TrainTest(
        IdxDatasets.loadResource(
            "fashion-mnist-subset/train",
            EMBEDDED_RESOURCE_FOLDER,
            IdxDatasets.TRAIN_IMAGES,
            IdxDatasets.TRAIN_LABELS,
            CLASS_NAMES),
        IdxDatasets.loadResource(
            "fashion-mnist-subset/test",
            EMBEDDED_RESOURCE_FOLDER,
            IdxDatasets.TEST_IMAGES,
            IdxDatasets.TEST_LABELS,
            CLASS_NAMES));
  }
}
