package dev.sngrad.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-channel normalization {@code y = (x / 255 - mean[c]) / std[c]} of an unsigned byte intensity
 * {@code x}, as torchvision's {@code ToTensor()} followed by {@code Normalize(mean, std)}.
 *
 * <p>{@link #fromTraining} computes the statistics from training pixels in double precision: the
 * mean and the population standard deviation (divide by N) of {@code x / 255} over all pixels of
 * each channel of all examples. MNIST and Fashion-MNIST have one channel, so one scalar each;
 * CIFAR-10 has three.
 *
 * <p>Immutable and thread-safe.
 */
public final class Normalization {
  private final double[] mean;
  private final double[] std;
  private final float[][] table;

  private Normalization(double[] mean, double[] std) {
    checkArgument(mean.length > 0, "normalization needs at least one channel");
    checkArgument(
        mean.length == std.length,
        "normalization: %s means but %s standard deviations",
        mean.length,
        std.length);
    for (int c = 0; c < std.length; c++) {
      checkArgument(
          std[c] > 0 && Double.isFinite(std[c]) && Double.isFinite(mean[c]),
          "normalization: channel %s has mean %s and std %s; std must be positive",
          c,
          mean[c],
          std[c]);
    }
    this.mean = mean;
    this.std = std;
    this.table = new float[mean.length][256];
    for (int c = 0; c < mean.length; c++) {
      for (int x = 0; x < 256; x++) {
        table[c][x] = (float) normalize(c, x);
      }
    }
  }

  /**
   * Creates a normalization from explicit statistics (arrays are copied, not modified).
   *
   * @param mean the mean of {@code x / 255} for each channel, finite
   * @param std the standard deviation of {@code x / 255} for each channel, positive and finite
   * @return the normalization, with one channel per entry
   * @throws IllegalArgumentException if the arrays are empty or differ in length, or a channel's
   *     mean is not finite or its standard deviation is not positive and finite
   */
  public static Normalization of(double[] mean, double[] std) {
    return new Normalization(mean.clone(), std.clone());
  }

  /**
   * The normalization that only scales to [0, 1]: mean 0 and std 1 for each channel, so {@code y =
   * x / 255}.
   *
   * @param channels the number of channels, positive
   * @return the normalization
   * @throws IllegalArgumentException if {@code channels} is not positive
   */
  public static Normalization unitScale(int channels) {
    checkArgument(channels > 0, "normalization needs at least one channel, got %s", channels);
    double[] zero = new double[channels];
    double[] one = new double[channels];
    Arrays.fill(one, 1.0);
    return new Normalization(zero, one);
  }

  /**
   * Computes per-channel mean and population standard deviation of {@code x / 255} over every pixel
   * of every example of {@code training}, exactly (from a histogram of byte values).
   *
   * @param training the training set whose pixels give the statistics (not modified)
   * @return the normalization, with the dataset's number of channels
   * @throws IllegalArgumentException if the dataset is empty or a channel has the same value in
   *     every pixel (standard deviation 0)
   */
  public static Normalization fromTraining(Dataset training) {
    checkArgument(
        training.size() > 0, "cannot compute statistics of empty dataset %s", training.name());
    ImageShape shape = training.shape();
    int plane = shape.planeSize();
    long[][] histogram = new long[shape.channels()][256];
    ByteBuffer pixels = training.pixels();
    int position = 0;
    for (int e = 0; e < training.size(); e++) {
      for (int c = 0; c < shape.channels(); c++) {
        long[] h = histogram[c];
        for (int p = 0; p < plane; p++) {
          h[pixels.get(position++) & 0xFF]++;
        }
      }
    }
    double[] mean = new double[shape.channels()];
    double[] std = new double[shape.channels()];
    for (int c = 0; c < shape.channels(); c++) {
      long count = 0;
      double sum = 0;
      for (int x = 0; x < 256; x++) {
        count += histogram[c][x];
        sum += histogram[c][x] * (x / 255.0);
      }
      double m = sum / count;
      double squares = 0;
      for (int x = 0; x < 256; x++) {
        double d = x / 255.0 - m;
        squares += histogram[c][x] * d * d;
      }
      mean[c] = m;
      std[c] = Math.sqrt(squares / count);
    }
    return new Normalization(mean, std);
  }

  /**
   * The number of channels.
   *
   * @return the number of channels, positive
   */
  public int channels() {
    return mean.length;
  }

  /**
   * The mean of channel {@code channel}.
   *
   * @param channel in {@code [0, channels())}
   * @return the mean of {@code x / 255}, on the [0, 1] scale
   * @throws IndexOutOfBoundsException if {@code channel} is out of range
   */
  public double mean(int channel) {
    return mean[channel];
  }

  /**
   * The standard deviation of channel {@code channel}.
   *
   * @param channel in {@code [0, channels())}
   * @return the standard deviation of {@code x / 255}, positive, on the [0, 1] scale
   * @throws IndexOutOfBoundsException if {@code channel} is out of range
   */
  public double std(int channel) {
    return std[channel];
  }

  /**
   * Normalizes an intensity on the 0..255 scale (possibly fractional, e.g. after bilinear
   * rotation): {@code (intensity / 255 - mean[c]) / std[c]}, computed in double.
   *
   * @param channel in {@code [0, channels())}
   * @param intensity a value on the 0..255 scale; values outside it are normalized the same way
   * @return the normalized value
   * @throws IndexOutOfBoundsException if {@code channel} is out of range
   */
  public double normalize(int channel, double intensity) {
    return (intensity / 255.0 - mean[channel]) / std[channel];
  }

  /**
   * Normalizes an unsigned byte by table lookup; equals {@code (float) normalize(channel,
   * unsignedByte)}.
   *
   * @param channel in {@code [0, channels())}
   * @param unsignedByte an intensity in {@code 0..255} (a pixel byte masked with {@code 0xFF})
   * @return the normalized value, float32
   * @throws IndexOutOfBoundsException if {@code channel} or {@code unsignedByte} is out of range
   */
  public float normalizeByte(int channel, int unsignedByte) {
    return table[channel][unsignedByte];
  }

  /** Prints the statistics, e.g. {@code Normalization[mean=[0.1307], std=[0.3081]]}. */
  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
