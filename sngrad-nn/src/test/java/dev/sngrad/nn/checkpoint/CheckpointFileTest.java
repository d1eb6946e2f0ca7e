package dev.sngrad.nn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
  @TempDir Path dir;

  private final Sequential mlp = Mlp.of(12, 8, 3);
  private final Params params = mlp.init(3);
  private final Params optimizer = params.map(t -> Tensor.normal(t.shape(), 1f, new SplittableRandom(t.size())));

  private Path written() throws IOException {
    Path file = dir.resolve("run/final.ckpt");
    CheckpointFile.write(file, Checkpoint.of(params, optimizer, ImmutableMap.of("step", "120", "optimizer", "sgd+I")));
    return file;
  }

  @Test
  void roundTripReproducesPredictionsBitForBit() throws IOException {
    Checkpoint back = CheckpointFile.read(written());
    assertThat(back.params()).isEqualTo(params);
    assertThat(back.optimizerState()).isEqualTo(optimizer);
    assertThat(back.metadata()).containsEntry("step", "120").containsEntry("optimizer", "sgd+I");
    Model model = new Model(mlp, Loss.softmaxCrossEntropy());
    Tensor x = Tensor.normal(dev.sngrad.autodiff.tensor.Shape.of(5, 12), 1f, new SplittableRandom(8));
    assertThat(model.logits(back.params(), x)).isEqualTo(model.logits(params, x));
    try (var files = Files.list(dir.resolve("run"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("final.ckpt");
    }
  }

  @Test
  void overwritesAtomically() throws IOException {
    Path file = written();
    Params other = mlp.init(4);
    CheckpointFile.write(file, Checkpoint.of(other, other, ImmutableMap.of()));
    assertThat(CheckpointFile.read(file).params()).isEqualTo(other);
  }

  @Test
  void aTornFileIsRefused() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    for (int keep : new int[] {4, 12, 40, bytes.length / 2, bytes.length - 1}) {
      Files.write(file, Arrays.copyOf(bytes, keep));
      assertThatThrownBy(() -> CheckpointFile.read(file))
          .as("cut at %s bytes", keep)
          .isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void aDamagedByteIsCaughtByTheChecksum() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    assertThatThrownBy(() -> CheckpointFile.read(file))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining(file.toString());
  }

  @Test
  void aForeignFileIsRefused() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello, this is not a checkpoint");
    assertThatThrownBy(() -> CheckpointFile.read(file))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("wrong magic")
        .hasMessageContaining("notes.txt");
  }

  @Test
  void aLargeConfigurationRoundTripsAndAStringBeyondTheLimitIsRefusedBeforeAnythingIsWritten() throws IOException {
    Params params = Params.builder().put("w", Tensor.zeros(2)).build();
    String config = "x".repeat(200_000); // beyond the 64 KiB the format once read back
    Path file = dir.resolve("big.ckpt");
    CheckpointFile.write(file, new Checkpoint(ImmutableMap.of("config", config), ImmutableMap.of(Checkpoint.PARAMS, params)));
    assertThat(CheckpointFile.read(file).metadata().get("config")).isEqualTo(config);

    Path refused = dir.resolve("refused.ckpt");
    String tooLong = "y".repeat(CheckpointFile.MAX_STRING_BYTES + 1);
    assertThatThrownBy(() -> CheckpointFile.write(refused,
        new Checkpoint(ImmutableMap.of("config", tooLong), ImmutableMap.of(Checkpoint.PARAMS, params))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("big.ckpt");
    }
  }
}
