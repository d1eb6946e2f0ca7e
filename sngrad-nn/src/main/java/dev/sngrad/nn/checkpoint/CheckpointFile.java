package dev.sngrad.nn.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes {@link Checkpoint}s in sngrad's binary format, version 1. All numbers are
 * big-endian; a string is an {@code int32} byte length and that many UTF-8 bytes.
 *
 * <pre>
 * magic      8 bytes  "SNGRADCK"
 * version    int32    1
 * metadata   int32 count, then count x (key string, value string)
 * groups     int32 count, then per group:
 *              name string, int32 tensor count, then per tensor:
 *                name string, int32 rank, rank x int32 dims, product(dims) x float32 (row-major)
 * checksum   int32    CRC-32C of every byte before it
 * </pre>
 *
 * <p>Writing goes to a temporary file in the target folder, forced to disk, then atomically renamed
 * over the target, so a crash leaves either the old file or the new one, never a torn one. Reading
 * checks the magic, version, every length against the bytes left, and the checksum, and reports
 * any problem as a {@link CorruptCheckpointException} naming the file. Java serialization is never
 * used.
 */
public final class CheckpointFile {
  private static final byte[] MAGIC = "SNGRADCK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_RANK = 16;
  /**
   * The longest string (metadata key or value, group or tensor name) in UTF-8 bytes: large enough
   * for any run configuration, small enough that a corrupt length is caught before it is used.
   */
  static final int MAX_STRING_BYTES = 1 << 24;

  private CheckpointFile() {}

  /**
   * Writes {@code checkpoint} to {@code file} atomically (see the class comment), creating the
   * parent folders. A reader sees either the old file or the new one, never a partial one.
   *
   * @param file the target; replaced if it exists
   * @param checkpoint what to write
   * @throws IOException if a folder or the temporary file cannot be created or written, or the
   *     file system cannot rename atomically; the target is then left as it was
   * @throws IllegalArgumentException if a string is longer than 16 MiB of UTF-8; nothing is
   *     written then
   */
  public static void write(Path file, Checkpoint checkpoint) throws IOException {
    byte[] body = encode(checkpoint);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static byte[] encode(Checkpoint checkpoint) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(checkpoint.metadata().size());
    for (Map.Entry<String, String> e : checkpoint.metadata().entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    out.writeInt(checkpoint.groups().size());
    for (Map.Entry<String, Params> g : checkpoint.groups().entrySet()) {
      writeString(out, g.getKey());
      out.writeInt(g.getValue().count());
      for (Map.Entry<String, Tensor> t : g.getValue().asMap().entrySet()) {
        writeString(out, t.getKey());
        int[] dims = t.getValue().shape().toArray();
        out.writeInt(dims.length);
        for (int d : dims) {
          out.writeInt(d);
        }
        for (float v : TensorArrays.data(t.getValue())) {
          out.writeFloat(v);
        }
      }
    }
    out.flush();
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    out.flush();
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    // refused before anything is written, so that every checkpoint written can be read back
    checkArgument(b.length <= MAX_STRING_BYTES, "checkpoint string of %s bytes of UTF-8 exceeds the limit of %s: %s...",
        b.length, MAX_STRING_BYTES, s.substring(0, Math.min(40, s.length())));
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * Reads a checkpoint written by {@link #write}. The whole file is read into memory; every count
   * and length is checked against the bytes present before anything is allocated for it.
   *
   * @param file the checkpoint file
   * @return the checkpoint, with metadata and groups in the order they were written
   * @throws CorruptCheckpointException if the file is not a version 1 checkpoint, is truncated,
   *     fails its checksum or holds an impossible length, rank or dimension; the message names the
   *     file and the problem
   * @throws IOException if the file cannot be read
   */
  public static Checkpoint read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new CorruptCheckpointException(file, "wrong magic number (expected \"SNGRADCK\"; a foreign or empty file)");
    }
    if (bytes.length < MAGIC.length + 8) {
      throw new CorruptCheckpointException(file, "truncated: " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
    in.position(MAGIC.length);
    int version = in.getInt();
    if (version != VERSION) {
      throw new CorruptCheckpointException(file, "unsupported version " + version + " (this build reads " + VERSION + ")");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptCheckpointException(file, String.format(
          "checksum mismatch (stored %08x, computed %08x): the file is truncated or damaged", stored, (int) crc.getValue()));
    }
    try {
      ImmutableMap.Builder<String, String> metadata = ImmutableMap.builder();
      int entries = count(file, in, "metadata entries");
      for (int i = 0; i < entries; i++) {
        metadata.put(readString(file, in), readString(file, in));
      }
      ImmutableMap.Builder<String, Params> groups = ImmutableMap.builder();
      int groupCount = count(file, in, "groups");
      for (int g = 0; g < groupCount; g++) {
        String groupName = readString(file, in);
        Params.Builder params = Params.builder();
        int tensors = count(file, in, "tensors");
        for (int t = 0; t < tensors; t++) {
          String name = readString(file, in);
          params.put(name, readTensor(file, in, groupName + "/" + name));
        }
        groups.put(groupName, params.build());
      }
      if (in.hasRemaining()) {
        throw new CorruptCheckpointException(file, in.remaining() + " unexpected bytes before the checksum");
      }
      return new Checkpoint(metadata.buildOrThrow(), groups.buildOrThrow());
    } catch (BufferUnderflowException e) {
      throw new CorruptCheckpointException(file, "truncated: a field runs past the end of the data");
    } catch (IllegalArgumentException e) {
      throw new CorruptCheckpointException(file, e.getMessage());
    }
  }

  private static int count(Path file, ByteBuffer in, String what) throws CorruptCheckpointException {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptCheckpointException(file, "impossible number of " + what + ": " + n);
    }
    return n;
  }

  private static String readString(Path file, ByteBuffer in) throws CorruptCheckpointException {
    int n = in.getInt();
    if (n < 0 || n > MAX_STRING_BYTES || n > in.remaining()) {
      throw new CorruptCheckpointException(file, "impossible string length " + n);
    }
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static Tensor readTensor(Path file, ByteBuffer in, String name) throws CorruptCheckpointException {
    int rank = in.getInt();
    if (rank < 0 || rank > MAX_RANK) {
      throw new CorruptCheckpointException(file, "tensor '" + name + "' has impossible rank " + rank);
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = in.getInt();
      size *= Math.max(0, dims[i]);
      if (dims[i] < 0 || size * 4 > in.remaining()) {
        throw new CorruptCheckpointException(
            file, "tensor '" + name + "' has impossible dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1)));
      }
    }
    float[] data = new float[(int) size];
    in.asFloatBuffer().get(data);
    in.position(in.position() + data.length * 4);
    return TensorArrays.wrap(Shape.of(dims), data);
  }
}
