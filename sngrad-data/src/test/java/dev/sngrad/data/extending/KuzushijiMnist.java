package dev.sngrad.data.extending;

import dev.sngrad.data.augment.Augmentation;
import dev.sngrad.data.augment.RandomErasing;
import dev.sngrad.data.augment.RandomRotation;
import dev.sngrad.data.fetch.Checksum;
import dev.sngrad.data.fetch.DatasetSpec;
import dev.sngrad.data.mnist.IdxDatasets;
import dev.sngrad.data.registry.KnownDataset;
import java.net.URI;
import java.util.List;

// [extending:dataset]
/** Kuzushiji-MNIST (Clanuwat et al. 2018): 70,000 cursive Japanese characters in MNIST's format. */
public final class KuzushijiMnist {
  /** The hiragana each label stands for, in romaji. */
  public static final List<String> CLASS_NAMES =
      List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");

  /** The folder name, the four files under MNIST's names with their SHA-256, the mirror. */
  public static final DatasetSpec FILES =
      DatasetSpec.of(
          "kmnist",
          "Kuzushiji-MNIST",
          IdxDatasets.files(
              Checksum.sha256("51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4"),
              Checksum.sha256("e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17"),
              Checksum.sha256("edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5"),
              Checksum.sha256("20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c")),
          new DatasetSpec.PerFile(URI.create("https://codh.rois.ac.jp/kmnist/dataset/kmnist/")));

  /** The registry entry: its name, files, loader, and the training augmentation of MNIST's. */
  public static final KnownDataset DATASET =
      KnownDataset.inFolder(
          "kmnist",
          FILES,
          folder -> IdxDatasets.load(folder, "kmnist", CLASS_NAMES),
          Augmentation.of(
              List.of(RandomRotation.nearest(20)), List.of(RandomErasing.withDefaults())));

  private KuzushijiMnist() {}
}
// [extending:dataset]
