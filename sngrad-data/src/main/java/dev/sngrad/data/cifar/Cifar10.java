package dev.sngrad.data.cifar;

import com.google.common.collect.ImmutableList;
import dev.sngrad.data.Dataset;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.fetch.Checksum;
import dev.sngrad.data.fetch.DataFile;
import dev.sngrad.data.fetch.DatasetLocator;
import dev.sngrad.data.fetch.DatasetSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CIFAR-10 (A. Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009), binary
 * version: 50,000 training images in {@code data_batch_1.bin} ... {@code data_batch_5.bin} and
 * 10,000 test images in {@code test_batch.bin}, each 3 x 32 x 32 unsigned bytes (C, H, W), 10
 * classes named in {@code batches.meta.txt}.
 *
 * <p>The download is the official archive {@link #ARCHIVE} (verified by its official MD5, as no
 * SHA-256 is published), extracted with {@link dev.sngrad.data.fetch.SafeTarExtractor}; every
 * extracted file is then verified by SHA-256.
 */
public final class Cifar10 {
  /** The official archive of the binary version. */
  public static final URI ARCHIVE =
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

  /** The folder inside the archive that holds the files. */
  public static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

  /** The five training batch file names, in order. */
  public static final ImmutableList<String> TRAIN_FILES =
      ImmutableList.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");

  /** The test batch file name. */
  public static final String TEST_FILE = "test_batch.bin";

  /** The class-names file. */
  public static final String META_FILE = "batches.meta.txt";

  /** Name, files, checksums and the official archive. */
  public static final DatasetSpec SPEC =
      DatasetSpec.of(
          "cifar-10",
          "CIFAR-10",
          ImmutableList.of(
              new DataFile(
                  META_FILE,
                  Checksum.sha256(
                      "558e74b5e208382e186da55784b4bac2cd52e558448e1b5800990fdb28ed8033")),
              new DataFile(
                  "data_batch_1.bin",
                  Checksum.sha256(
                      "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5")),
              new DataFile(
                  "data_batch_2.bin",
                  Checksum.sha256(
                      "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed")),
              new DataFile(
                  "data_batch_3.bin",
                  Checksum.sha256(
                      "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67")),
              new DataFile(
                  "data_batch_4.bin",
                  Checksum.sha256(
                      "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48")),
              new DataFile(
                  "data_batch_5.bin",
                  Checksum.sha256(
                      "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add")),
              new DataFile(
                  TEST_FILE,
                  Checksum.sha256(
                      "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b"))),
          new DatasetSpec.Archive(
              ARCHIVE, Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530"), ARCHIVE_FOLDER));

  private Cifar10() {}

  /**
   * Loads the training examples from the five {@link #TRAIN_FILES} in {@code folder}, in file
   * order.
   *
   * @param folder the folder holding the batch files and {@value #META_FILE}
   * @return the dataset {@code cifar-10/train}: 50,000 images {@code [3, 32, 32]} of unsigned bytes
   *     0..255 in the official files
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (size not
   *     a positive multiple of the 3,073-byte record, a label above 9, not 10 class names)
   * @throws java.nio.file.NoSuchFileException if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTrain(Path folder) throws IOException {
    return Cifar10Reader.read(
        "cifar-10/train", TRAIN_FILES.stream().map(folder::resolve).toList(), classNames(folder));
  }

  /**
   * Loads the test examples from {@value #TEST_FILE} in {@code folder}.
   *
   * @param folder the folder holding the test batch and {@value #META_FILE}
   * @return the dataset {@code cifar-10/test}: 10,000 images {@code [3, 32, 32]} in the official
   *     file
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (size not
   *     a positive multiple of the 3,073-byte record, a label above 9, not 10 class names)
   * @throws java.nio.file.NoSuchFileException if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTest(Path folder) throws IOException {
    return Cifar10Reader.read(
        "cifar-10/test", List.of(folder.resolve(TEST_FILE)), classNames(folder));
  }

  /**
   * Loads test examples from file {@code fileName} of {@code folder} instead of {@value
   * #TEST_FILE}: a partial copy of the test batch such as {@code test_batch.first1000.bin} (the
   * first 1,000 records), in the same record format.
   *
   * @param folder the folder holding the file and {@value #META_FILE}
   * @param fileName the file's name within {@code folder}
   * @return the dataset {@code cifar-10/test:<fileName>}, images {@code [3, 32, 32]}
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (size not
   *     a positive multiple of the 3,073-byte record, a label above 9, not 10 class names)
   * @throws java.nio.file.NoSuchFileException if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Dataset loadTest(Path folder, String fileName) throws IOException {
    return Cifar10Reader.read(
        "cifar-10/test:" + fileName, List.of(folder.resolve(fileName)), classNames(folder));
  }

  /**
   * Loads both parts from {@code folder}.
   *
   * @param folder the folder holding the six batch files and {@value #META_FILE}
   * @return the training and test parts
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed (size not
   *     a positive multiple of the 3,073-byte record, a label above 9, not 10 class names)
   * @throws java.nio.file.NoSuchFileException if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static TrainTest load(Path folder) throws IOException {
    return new TrainTest(loadTrain(folder), loadTest(folder));
  }

  /**
   * Finds the files with {@code locator} (see {@link DatasetLocator} for the search order) and
   * loads both parts. May download and extract the archive (about 170 MB) if the locator's
   * policy allows it.
   *
   * @param locator where to look, and whether to download
   * @param callerFolder a folder to look in first, if any
   * @return the training and test parts
   * @throws dev.sngrad.data.fetch.DatasetNotFoundException if no folder holds the files and they
   *     could not be downloaded (the message says where to put them)
   * @throws dev.sngrad.data.MalformedDatasetException naming the file if one is malformed
   * @throws IOException if a file cannot be read
   */
  public static TrainTest locateAndLoad(DatasetLocator locator, Optional<Path> callerFolder)
      throws IOException {
    return load(locator.locate(SPEC, callerFolder).folder());
  }

  private static ImmutableList<String> classNames(Path folder) throws IOException {
    return Cifar10Reader.readClassNames(folder.resolve(META_FILE));
  }
}
