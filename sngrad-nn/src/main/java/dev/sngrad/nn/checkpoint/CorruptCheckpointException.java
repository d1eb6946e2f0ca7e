package dev.sngrad.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that is torn, truncated, damaged or not a checkpoint; the message names the file
 * and the problem. Thrown by {@link CheckpointFile#read}.
 */
public final class CorruptCheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  CorruptCheckpointException(Path file, String problem) {
    super(file + ": not a valid sngrad checkpoint: " + problem);
  }
}
