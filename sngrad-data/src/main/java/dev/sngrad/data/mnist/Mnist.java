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
 * MNIST handwritten digits (Y. LeCun, C. Cortes, C. Burges): 60,000 training and 10,000 test images
 * of 1 x 28 x 28 unsigned bytes, labels 0-9.
 *
 * <p>Files: {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code
 * t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} (or the same names without {@code
 * .gz}), downloaded from {@link #MIRROR} (the files torchvision uses, whose MD5s are the official
 * ones) and verified by SHA-256.
 */
public final class Mnist {
  /** The default download mirror, a folder URL. */
  public static final URI MIRROR = URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/");

  /** Class names: the digits {@code "0"} to {@code "9"}. */
  public static final ImmutableList<String> CLASS_NAMES =
      ImmutableList.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** Name, files, SHA-256 checksums and download mirror. */
  public static final DatasetSpec SPEC =
      DatasetSpec.of(
          "mnist",
          "MNIST",
          IdxDatasets.files(
              Checksum.sha256("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
              Checksum.sha256("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
              Checksum.sha256("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
              Checksum.sha256("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
          new DatasetSpec.PerFile(MIRROR));

  private Mnist() {}

  /**
   * Loads both parts from {@code folder}, which holds the four files gzipped or decompressed.
   *
   * @param folder the folder holding the files
   * @return the parts {@code mnist/train} and {@code mnist/test}, images {@code [1, 28,
   *     28]} of unsigned bytes 0..255
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (wrong
   *     magic number, truncated, wrong image size, counts that disagree, a label out of range)
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static TrainTest load(Path folder) throws IOException {
    return IdxDatasets.load(folder, "mnist", CLASS_NAMES);
  }

  /**
   * Loads the training examples ({@value IdxDatasets#TRAIN_IMAGES} and {@value
   * IdxDatasets#TRAIN_LABELS}, or their decompressed forms) from {@code folder}.
   *
   * @param folder the folder holding the files
   * @return the dataset {@code mnist/train}: 60,000 images {@code [1, 28, 28]} in the official
   *     files
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (wrong
   *     magic number, truncated, wrong image size, counts that disagree, a label out of range)
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTrain(Path folder) throws IOException {
    return IdxDatasets.loadPart(
        "mnist/train", folder, IdxDatasets.TRAIN_IMAGES, IdxDatasets.TRAIN_LABELS, CLASS_NAMES);
  }

  /**
   * Loads the test examples ({@value IdxDatasets#TEST_IMAGES} and {@value
   * IdxDatasets#TEST_LABELS}, or their decompressed forms) from {@code folder}.
   *
   * @param folder the folder holding the files
   * @return the dataset {@code mnist/test}: 10,000 images {@code [1, 28, 28]} in the official
   *     files
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (wrong
   *     magic number, truncated, wrong image size, counts that disagree, a label out of range)
   * @throws java.nio.file.NoSuchFileException naming the names tried if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTest(Path folder) throws IOException {
    return IdxDatasets.loadPart(
        "mnist/test", folder, IdxDatasets.TEST_IMAGES, IdxDatasets.TEST_LABELS, CLASS_NAMES);
  }

  /**
   * Finds the files with {@code locator} (see {@link DatasetLocator} for the search order) and
   * loads both parts. May download the files (about 12 MB) if the locator's policy allows it.
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
}
