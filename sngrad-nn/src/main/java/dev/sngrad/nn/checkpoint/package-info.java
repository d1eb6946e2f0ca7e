/**
 * Checkpoints: a {@link dev.sngrad.nn.checkpoint.Checkpoint} holds metadata and named groups of
 * tensors (parameters, optimizer state), and {@link dev.sngrad.nn.checkpoint.CheckpointFile} writes
 * it atomically in a checksummed binary format and reads it back, rejecting damaged files with a
 * {@link dev.sngrad.nn.checkpoint.CorruptCheckpointException} that names the file.
 */
package dev.sngrad.nn.checkpoint;
