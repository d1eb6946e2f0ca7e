package dev.sngrad.data.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.SharedDatasets;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.tools.EmbeddedSubsetGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class EmbeddedSubsetTest {
  @Test
  void embeddedSubsetIsClassBalanced() throws IOException {
    TrainTest subset = FashionMnist.embeddedSubset();

    assertThat(subset.train().size()).isEqualTo(10_000);
    assertThat(subset.test().size()).isEqualTo(2_000);
    assertThat(subset.train().classCounts()).containsOnly(1000).hasSize(10);
    assertThat(subset.test().classCounts()).containsOnly(200).hasSize(10);
    assertThat(subset.train().classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
    assertThat(subset.train().name()).isEqualTo("fashion-mnist-subset/train");
  }

  @Test
  void embeddedFilesAreSmallAndLicensed() throws IOException {
    long total = 0;
    for (String name :
        new String[] {
          "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
        }) {
      try (InputStream in = resource(name)) {
        total += in.readAllBytes().length;
      }
    }
    assertThat(total).isLessThan(6_000_000);
    try (InputStream in = resource("LICENSE")) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .startsWith(
              "The MIT License (MIT) Copyright © [2017] Zalando SE, https://tech.zalando.com");
    }
    try (InputStream in = resource("README.md")) {
      assertThat(in.readAllBytes()).isNotEmpty();
    }
  }

  @Test
  void embeddedContentEqualsTheDocumentedSelectionOfTheOfficialFiles() throws IOException {
    Path folder = SharedDatasets.require("fashion-mnist");
    check(
        folder,
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        1000,
        "d33512cfdc636a0d8972818e6659995be209a88891df7fa2109d7895922c8985",
        "620cb8e3b9348037c5ff9a07b02d773ab165330e072dfd19e0d21c59f8042dcf");
    check(
        folder,
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        200,
        "15a92dd1e9b16ea361928086e77df4dfa890c255c00b5a8c8162c1040ce8eef1",
        "234596aeb6eb48133ec99a62541f90bc0728c9559a681f1e0638037462458f2c");
  }

  private static void check(
      Path folder, String images, String labels, int perClass, String imagesSha, String labelsSha)
      throws IOException {
    IdxReader.IdxImages official = IdxReader.readImages(folder.resolve(images));
    int[] officialLabels = IdxReader.readLabels(folder.resolve(labels), 10);
    int[] kept = EmbeddedSubsetGenerator.select(officialLabels, perClass);

    byte[] expectedImages = EmbeddedSubsetGenerator.imagesIdx(official, kept);
    byte[] expectedLabels = EmbeddedSubsetGenerator.labelsIdx(officialLabels, kept);
    assertThat(gunzip(images)).isEqualTo(expectedImages);
    assertThat(gunzip(labels)).isEqualTo(expectedLabels);
    assertThat(EmbeddedSubsetGenerator.sha256(expectedImages)).isEqualTo(imagesSha);
    assertThat(EmbeddedSubsetGenerator.sha256(expectedLabels)).isEqualTo(labelsSha);
  }

  @Test
  void selectionKeepsTheFirstExamplesOfEachClassInFileOrder() {
    int[] labels = {3, 3, 1, 3, 0, 1, 2, 2, 0, 1, 4, 5, 6, 7, 8, 9, 4, 5, 6, 7, 8, 9, 2};
    assertThat(EmbeddedSubsetGenerator.select(labels, 2))
        .containsExactly(0, 1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21);
  }

  private static byte[] gunzip(String name) throws IOException {
    try (InputStream in = new GZIPInputStream(resource(name))) {
      return in.readAllBytes();
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in =
        Dataset.class.getResourceAsStream(FashionMnist.EMBEDDED_RESOURCE_FOLDER + "/" + name);
    assertThat(in).as("classpath resource %s", name).isNotNull();
    return in;
  }
}
