package dev.sngrad.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
  @TempDir Path dir;

  @Test
  void computesStandardDigests() throws IOException {
    Path abc = Files.writeString(dir.resolve("abc"), "abc");
    assertThat(Checksums.compute(abc, Checksum.Algorithm.SHA_256))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Checksums.compute(abc, Checksum.Algorithm.MD5))
        .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    Checksums.verify(abc, Checksum.md5("900150983CD24FB0D6963F7D28E17F72"));
  }

  @Test
  void mismatchNamesFileAlgorithmAndBothDigests() throws IOException {
    Path abc = Files.writeString(dir.resolve("train-images-idx3-ubyte.gz"), "abc");
    Checksum expected =
        Checksum.sha256("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");

    assertThatThrownBy(() -> Checksums.verify(abc, expected))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessage(
            abc
                + ": SHA-256 checksum mismatch: expected"
                + " 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609, found"
                + " ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void rejectsMalformedChecksums() {
    assertThatThrownBy(() -> Checksum.sha256("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SHA-256 checksum must be 64 hex digits");
    assertThatThrownBy(() -> Checksum.md5("zz".repeat(16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MD5 checksum must be 32 hex digits");
  }
}
