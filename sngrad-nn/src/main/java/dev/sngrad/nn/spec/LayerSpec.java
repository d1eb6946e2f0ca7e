package dev.sngrad.nn.spec;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.nn.layer.Activation;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * One token of a {@link ModelSpec}: a layer described by its hyperparameters only, before the
 * input size is known. {@link #outputShape} and {@link #parameterCount} infer sizes from the shape
 * of one example ({@code [features]} or {@code [channels, height, width]}), so a network's size can
 * be computed without building it. Immutable.
 */
public sealed interface LayerSpec {
  /**
   * The token in the grammar of {@link ModelSpec}, e.g. {@code conv:32k3p1}.
   *
   * @return the canonical text of this layer; parsing it gives this spec back
   */
  String token();

  /**
   * The shape of one example after this layer.
   *
   * @param in the shape of one example before it
   * @param classes the number of classes, the width of a {@code dense} without a size
   * @return the shape after it
   * @throws IllegalArgumentException naming the token when {@code in} does not fit the layer
   */
  Shape outputShape(Shape in, int classes);

  /**
   * The number of trainable values of this layer on inputs of shape {@code in}.
   *
   * @param in the shape of one example before the layer
   * @param classes the number of classes
   * @return the count, 0 for layers without parameters
   */
  default long parameterCount(Shape in, int classes) {
    return 0;
  }

  /**
   * Whether the layer needs images {@code [channels, height, width]}: a network whose first
   * layer does gets its flattened inputs reshaped to the image shape first.
   *
   * @return true for convolution, pooling and group normalization
   */
  default boolean needsImages() {
    return false;
  }

  /**
   * A fully connected layer, {@code dense:N}, or {@code dense} for as many outputs as there are
   * classes. Needs flat examples.
   *
   * @param units the output width; empty for the number of classes
   */
  record Dense(OptionalInt units) implements LayerSpec {
    /**
     * Checks the arguments.
     *
     * @param units see the record
     * @throws IllegalArgumentException naming the token kind when one is out of range
     */
    public Dense {
      checkArgument(units.isEmpty() || units.getAsInt() > 0, "dense: width must be positive, got %s", units);
    }

    @Override
    public String token() {
      return units.isPresent() ? "dense:" + units.getAsInt() : "dense";
    }

    /**
     * The output width.
     *
     * @param classes the number of classes
     * @return {@code units}, or {@code classes} when no width is given
     */
    public int width(int classes) {
      return units.orElse(classes);
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      checkArgument(in.rank() == 1, "'%s' needs flat inputs, got examples of shape %s: put 'flatten' before it", token(), in);
      return Shape.of(width(classes));
    }

    @Override
    public long parameterCount(Shape in, int classes) {
      return ((long) in.size() + 1) * width(classes);
    }
  }

  /**
   * An elementwise activation: {@code relu} or {@code tanh}.
   *
   * @param function the activation, not {@link Activation#IDENTITY}
   */
  record Act(Activation function) implements LayerSpec {
    /**
     * Checks the arguments.
     *
     * @param function see the record
     * @throws IllegalArgumentException naming the token kind when one is out of range
     */
    public Act {
      checkArgument(function != Activation.IDENTITY, "an activation token needs a non-identity function");
    }

    @Override
    public String token() {
      return function.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      return in;
    }
  }

  /**
   * Inverted dropout, {@code dropout:R}, active in training only.
   *
   * @param rate the probability of dropping each value, in {@code [0, 1)}
   */
  record Dropout(double rate) implements LayerSpec {
    /**
     * Checks the arguments.
     *
     * @param rate see the record
     * @throws IllegalArgumentException naming the token kind when one is out of range
     */
    public Dropout {
      checkArgument(rate >= 0 && rate < 1, "dropout: rate must be in [0, 1), got %s", rate);
    }

    @Override
    public String token() {
      return "dropout:" + rate;
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      return in;
    }
  }

  /** {@code flatten}: each example to a vector of all its values, in row-major order. */
  record Flatten() implements LayerSpec {
    @Override
    public String token() {
      return "flatten";
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      return Shape.of(in.size());
    }
  }

  /**
   * A 2-D convolution, {@code conv:FkK[sS][pP]}: {@code F} filters of {@code K x K}, stride
   * {@code S} (default 1), zero padding {@code P} on every side (default 0). Output size per axis:
   * {@code (size + 2P - K) / S + 1}, rounded down.
   *
   * @param filters output channels, positive
   * @param kernel kernel height and width, positive
   * @param stride step between windows, positive
   * @param padding zeros added on each side, {@code >= 0}
   */
  record Conv(int filters, int kernel, int stride, int padding) implements LayerSpec {
    /**
     * Checks the arguments.
     *
     * @param filters see the record
     * @param kernel see the record
     * @param stride see the record
     * @param padding see the record
     * @throws IllegalArgumentException naming the token kind when one is out of range
     */
    public Conv {
      checkArgument(filters > 0 && kernel > 0 && stride > 0 && padding >= 0,
          "conv: filters, kernel and stride must be positive and padding >= 0, got %s filters, kernel %s, stride %s, padding %s",
          filters, kernel, stride, padding);
    }

    @Override
    public String token() {
      return "conv:" + filters + "k" + kernel + (stride == 1 ? "" : "s" + stride) + (padding == 0 ? "" : "p" + padding);
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      checkImages(this, in);
      return Shape.of(filters, window(this, in.dim(1), kernel, stride, padding), window(this, in.dim(2), kernel, stride, padding));
    }

    @Override
    public long parameterCount(Shape in, int classes) {
      checkImages(this, in);
      return (long) in.dim(0) * kernel * kernel * filters + filters;
    }

    @Override
    public boolean needsImages() {
      return true;
    }
  }

  /**
   * Pooling, {@code maxpool:K[sS]} or {@code avgpool:K[sS]}: the largest value or the mean of each
   * {@code K x K} window, windows {@code S} apart (default {@code K}), no padding.
   *
   * @param kind which value of a window is kept
   * @param kernel window height and width, positive
   * @param stride step between windows, positive
   */
  record Pool(Kind kind, int kernel, int stride) implements LayerSpec {
    /** What a pooling window gives. */
    public enum Kind {
      /** The largest value of the window: token {@code maxpool}. */
      MAX("maxpool"),
      /** The mean of the window: token {@code avgpool}. */
      AVERAGE("avgpool");

      private final String token;

      Kind(String token) {
        this.token = token;
      }

      /**
       * The token's name.
       *
       * @return {@code maxpool} or {@code avgpool}
       */
      public String token() {
        return token;
      }
    }

    /**
     * Checks the arguments.
     *
     * @param kind see the record
     * @param kernel see the record
     * @param stride see the record
     * @throws IllegalArgumentException naming the token kind when one is out of range
     */
    public Pool {
      checkArgument(kernel > 0 && stride > 0, "%s: kernel and stride must be positive, got %s and %s", kind.token(), kernel, stride);
    }

    @Override
    public String token() {
      return kind.token() + ":" + kernel + (stride == kernel ? "" : "s" + stride);
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      checkImages(this, in);
      return Shape.of(in.dim(0), window(this, in.dim(1), kernel, stride, 0), window(this, in.dim(2), kernel, stride, 0));
    }

    @Override
    public boolean needsImages() {
      return true;
    }
  }

  /** {@code gap}: global average pooling, {@code [C, H, W] -> [C]}. */
  record GlobalAvgPool() implements LayerSpec {
    @Override
    public String token() {
      return "gap";
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      checkImages(this, in);
      return Shape.of(in.dim(0));
    }

    @Override
    public boolean needsImages() {
      return true;
    }
  }

  /**
   * Group normalization, {@code groupnorm:G}: the channels of each example in {@code G} groups,
   * each normalized over its channels and positions, with a scale and a shift per channel.
   *
   * @param groups the number of groups, positive; must divide the channel count
   */
  record GroupNorm(int groups) implements LayerSpec {
    /**
     * Checks the arguments.
     *
     * @param groups see the record
     * @throws IllegalArgumentException naming the token kind when one is out of range
     */
    public GroupNorm {
      checkArgument(groups > 0, "groupnorm: groups must be positive, got %s", groups);
    }

    @Override
    public String token() {
      return "groupnorm:" + groups;
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      checkImages(this, in);
      checkArgument(in.dim(0) % groups == 0, "'%s': %s channels do not fall into %s equal groups", token(), in.dim(0), groups);
      return in;
    }

    @Override
    public long parameterCount(Shape in, int classes) {
      return 2L * outputShape(in, classes).dim(0);
    }

    @Override
    public boolean needsImages() {
      return true;
    }
  }

  /**
   * Layer normalization, {@code layernorm}: each example normalized over all its values, with a
   * scale and a shift per value.
   */
  record LayerNorm() implements LayerSpec {
    @Override
    public String token() {
      return "layernorm";
    }

    @Override
    public Shape outputShape(Shape in, int classes) {
      return in;
    }

    @Override
    public long parameterCount(Shape in, int classes) {
      return 2L * in.size();
    }
  }

  private static void checkImages(LayerSpec layer, Shape in) {
    checkArgument(in.rank() == 3, "'%s' needs images [channels, height, width], got examples of shape %s", layer.token(), in);
  }

  /** Windows along one axis: {@code (size + 2 padding - kernel) / stride + 1}, at least one. */
  private static int window(LayerSpec layer, int size, int kernel, int stride, int padding) {
    int padded = size + 2 * padding;
    checkArgument(padded >= kernel, "'%s': window %s does not fit an axis of %s (padded to %s)", layer.token(), kernel, size, padded);
    return (padded - kernel) / stride + 1;
  }
}
