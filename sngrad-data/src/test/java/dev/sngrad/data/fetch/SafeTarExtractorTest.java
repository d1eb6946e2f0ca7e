package dev.sngrad.data.fetch;

import static dev.sngrad.data.DatasetFixtures.TarItem.file;
import static dev.sngrad.data.DatasetFixtures.TarItem.folder;
import static dev.sngrad.data.DatasetFixtures.TarItem.hardLink;
import static dev.sngrad.data.DatasetFixtures.TarItem.symlink;
import static dev.sngrad.data.DatasetFixtures.listFiles;
import static dev.sngrad.data.DatasetFixtures.tarGz;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sngrad.data.DatasetFixtures.TarItem;
import dev.sngrad.data.MalformedDatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {
  @TempDir Path root;
  private Path target;
  private final SafeTarExtractor extractor =
      new SafeTarExtractor(SafeTarExtractor.Limits.defaults());

  @BeforeEach
  void createTarget() throws IOException {
    target = Files.createDirectories(root.resolve("sub").resolve("target"));
    Files.writeString(target.resolve("existing.txt"), "keep me");
  }

  private Path archive(List<TarItem> items) throws IOException {
    return Files.write(root.resolve("archive.tar.gz"), tarGz(items));
  }

  @Test
  void extractsFilesAndFolders() throws IOException {
    Path archive =
        archive(
            List.of(
                folder("cifar-10-batches-bin/"),
                file("cifar-10-batches-bin/data_batch_1.bin", "abc".getBytes(UTF_8)),
                file("cifar-10-batches-bin/nested/deeper/readme.html", "<p>".getBytes(UTF_8))));

    List<Path> written = extractor.extractTarGz(archive, target);

    assertThat(written).hasSize(2);
    assertThat(Files.readString(target.resolve("cifar-10-batches-bin/data_batch_1.bin")))
        .isEqualTo("abc");
    assertThat(listFiles(target))
        .containsExactly(
            "cifar-10-batches-bin/data_batch_1.bin",
            "cifar-10-batches-bin/nested/deeper/readme.html",
            "existing.txt");
  }

  @Test
  void refusesParentTraversalAndRemovesWhatItWrote() throws IOException {
    Path archive =
        archive(
            List.of(
                file("good/first.bin", new byte[] {1, 2, 3}),
                file("good/../../evil.txt", "pwned".getBytes(UTF_8))));

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageStartingWith(archive.toString())
        .hasMessageContaining("'good/../../evil.txt'")
        .hasMessageContaining("path traversal");
    assertThat(listFiles(root)).containsExactly("archive.tar.gz", "sub/target/existing.txt");
  }

  @Test
  void refusesTraversalAtTheStart() throws IOException {
    Path archive = archive(List.of(file("../evil.txt", "x".getBytes(UTF_8))));

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'../evil.txt'")
        .hasMessageContaining("path traversal");
    assertThat(Files.exists(target.getParent().resolve("evil.txt"))).isFalse();
  }

  @Test
  void refusesAbsolutePaths() throws IOException {
    Path outside = root.resolve("abs.txt");
    Path archive = archive(List.of(file(outside.toString(), "x".getBytes(UTF_8))));

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageStartingWith(archive.toString())
        .hasMessageContaining(outside.toString())
        .hasMessageContaining("absolute path");
    assertThat(Files.exists(outside)).isFalse();
    assertThat(listFiles(target)).containsExactly("existing.txt");
  }

  @Test
  void refusesSymbolicLinks() throws IOException {
    Path archive = archive(List.of(symlink("data", "/etc"), file("data/passwd", new byte[1])));

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageStartingWith(archive.toString())
        .hasMessageContaining("'data'")
        .hasMessageContaining("symbolic link (to '/etc')");
    assertThat(listFiles(target)).containsExactly("existing.txt");
  }

  @Test
  void refusesHardLinks() throws IOException {
    Path archive = archive(List.of(file("a.txt", new byte[1]), hardLink("b.txt", "a.txt")));

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'b.txt'")
        .hasMessageContaining("hard link (to 'a.txt')");
    assertThat(listFiles(target)).containsExactly("existing.txt");
  }

  @Test
  void refusesEntriesOverTheSizeLimit() throws IOException {
    SafeTarExtractor small = new SafeTarExtractor(new SafeTarExtractor.Limits(100, 1000, 10));
    Path archive = archive(List.of(file("ok.bin", new byte[100]), file("big.bin", new byte[101])));

    assertThatThrownBy(() -> small.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'big.bin'")
        .hasMessageContaining("size 101 bytes exceeds the limit of 100 bytes");
    assertThat(listFiles(target)).containsExactly("existing.txt");
  }

  @Test
  void refusesArchivesOverTheTotalAndCountLimits() throws IOException {
    SafeTarExtractor small = new SafeTarExtractor(new SafeTarExtractor.Limits(100, 150, 2));
    Path archive = archive(List.of(file("a", new byte[100]), file("b", new byte[100])));
    assertThatThrownBy(() -> small.extractTarGz(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'b'")
        .hasMessageContaining("more than the limit of 150 bytes");

    Path many =
        archive(List.of(file("a", new byte[1]), file("b", new byte[1]), file("c", new byte[1])));
    assertThatThrownBy(() -> small.extractTarGz(many, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'c'")
        .hasMessageContaining("more than 2 entries");
  }

  @Test
  void refusesFilesThatAreNotGzip() throws IOException {
    Path archive = Files.writeString(root.resolve("cifar-10-binary.tar.gz"), "<html>404</html>");

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(archive.toString())
        .hasMessageContaining("not a gzip file");
  }

  @Test
  void reportsTruncatedArchivesAndRemovesPartialFiles() throws IOException {
    byte[] random = new byte[50_000];
    new java.util.SplittableRandom(1).nextBytes(random);
    byte[] full = tarGz(List.of(file("first.bin", new byte[10]), file("second.bin", random)));
    Path archive =
        Files.write(root.resolve("cut.tar.gz"), Arrays.copyOf(full, full.length - 20_000));

    assertThatThrownBy(() -> extractor.extractTarGz(archive, target))
        .isInstanceOf(MalformedDatasetException.class)
        .hasMessageStartingWith(archive.toString())
        .hasMessageContaining("truncated");
    assertThat(listFiles(target)).containsExactly("existing.txt");
  }
}
