package dev.sngrad.nn.spec;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.nn.layer.Activation;
import dev.sngrad.nn.layer.Dense;
import dev.sngrad.nn.layer.Dropout;
import dev.sngrad.nn.layer.ActivationLayer;
import dev.sngrad.nn.layer.AvgPool2d;
import dev.sngrad.nn.layer.Conv2d;
import dev.sngrad.nn.layer.GlobalAvgPool;
import dev.sngrad.nn.layer.GroupNorm;
import dev.sngrad.nn.layer.LayerNorm;
import dev.sngrad.nn.layer.MaxPool2d;
import dev.sngrad.nn.layer.Flatten;
import dev.sngrad.nn.layer.Layer;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.layer.Unflatten;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A network described in one line of text, as the command line and study files take it: a
 * {@linkplain #GRAMMAR preset or a comma-separated list of layer tokens}, for instance {@code
 * mlp:512,512}, {@code cnn-small} or {@code conv:32k3p1,relu,maxpool:2,flatten,dense:128,relu,dense}.
 * The input and output sizes come from the data: {@link #build} takes the shape of one image and
 * the number of classes.
 *
 * <p>Examples arrive flattened, {@code [B, C*H*W]} in channel, row, column order; a network whose
 * first layer needs images ({@link LayerSpec#needsImages()}) starts with an {@link Unflatten} to
 * {@code [B, C, H, W]}. A {@code dense} followed by an activation becomes one {@link Dense} layer
 * with that activation, so {@code mlp:512,512} (the same as {@code
 * dense:512,relu,dense:512,relu,dense}) builds exactly {@link dev.sngrad.nn.layer.Mlp#of}: the
 * same layers, names and, from a seed, the same weights. Layers are named by kind and count:
 * {@code dense1}, {@code conv2}, {@code dropout1}, ...
 *
 * @param text the canonical text: {@code mlp:W,...} for a plain MLP, the preset's name for a
 *     preset, otherwise the tokens joined by commas; {@code parse(text)} gives this spec back
 * @param layers the layer tokens, first to last
 */
public record ModelSpec(String text, ImmutableList<LayerSpec> layers) {
  /** The grammar in short, for error messages. */
  public static final String GRAMMAR =
      "A model is mlp:W,W,... (a ReLU MLP), cnn-small, or comma-separated layer tokens: dense:N, dense (one output"
          + " per class), relu, tanh, dropout:R, flatten, conv:FkK[sS][pP], maxpool:K[sS], avgpool:K[sS], gap,"
          + " groupnorm:G, layernorm.";

  /** The grammar in full, one line per entry of at most 78 characters, for {@code --help}. */
  public static final String GRAMMAR_LINES = String.join("\n",
      "A model is a preset or comma-separated layer tokens (spaces are ignored):",
      "  mlp:W,W,...      ReLU MLP with these hidden widths (mlp alone: none)",
      "  cnn-small        conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,",
      "                   flatten,dense:256,relu,dense",
      "  dense:N          fully connected, N outputs (dense alone: one per class)",
      "  relu, tanh       activation",
      "  dropout:R        drop each value with probability R in [0, 1) in training",
      "  flatten          each example to a vector",
      "  conv:FkK[sS][pP] F filters of K x K, stride S (1), zero padding P (0)",
      "  maxpool:K[sS]    largest value of K x K windows, stride S (K)",
      "  avgpool:K[sS]    mean of K x K windows, stride S (K)",
      "  gap              global average pooling, [C, H, W] -> [C]",
      "  groupnorm:G      group normalization in G groups of channels",
      "  layernorm        layer normalization over each example",
      "Input and output sizes come from the dataset: images (C x H x W) arrive",
      "flattened and are reshaped when the first layer is conv, pool, gap or",
      "groupnorm; the last layer must give one output per class (end with dense).");

  /** The name of the small convolutional preset. */
  public static final String CNN_SMALL = "cnn-small";

  private static final String CNN_SMALL_LAYERS =
      "conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,dense:256,relu,dense";
  private static final Pattern CONV = Pattern.compile("(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
  private static final Pattern POOL = Pattern.compile("(\\d+)(?:s(\\d+))?");

  /**
   * Checks that there are layers and puts the text in canonical form.
   *
   * @param text the text the spec was read from (replaced by the canonical text)
   * @param layers the layers, first to last
   * @throws IllegalArgumentException if there are no layers
   */
  public ModelSpec {
    layers = ImmutableList.copyOf(layers);
    checkArgument(!layers.isEmpty(), "model '%s' has no layers", text);
    text = canonicalText(layers);
  }

  /**
   * A spec of {@code layers}.
   *
   * @param layers the layers, first to last
   * @return the spec, with its canonical text
   */
  public static ModelSpec of(List<? extends LayerSpec> layers) {
    return new ModelSpec("", ImmutableList.copyOf(layers));
  }

  /**
   * The ReLU MLP with hidden layers of {@code hidden} widths and one output per class.
   *
   * @param hidden the hidden widths, each positive; empty for a linear model
   * @return {@code mlp:W,...}
   */
  public static ModelSpec mlp(List<Integer> hidden) {
    List<LayerSpec> layers = new ArrayList<>();
    for (int width : hidden) {
      checkArgument(width > 0, "mlp: hidden widths must be positive, got %s", hidden);
      layers.add(new LayerSpec.Dense(OptionalInt.of(width)));
      layers.add(new LayerSpec.Act(Activation.RELU));
    }
    layers.add(new LayerSpec.Dense(OptionalInt.empty()));
    return of(layers);
  }

  /**
   * Reads a spec in the grammar of {@link #GRAMMAR}.
   *
   * @param spec the text, e.g. {@code mlp:512,512}; spaces around tokens are ignored
   * @return the spec
   * @throws IllegalArgumentException naming the spec and the token that cannot be read, and why
   */
  public static ModelSpec parse(String spec) {
    String s = spec.strip();
    checkArgument(!s.isEmpty(), "model spec is empty. %s", GRAMMAR);
    if (s.equals(CNN_SMALL)) {
      return parse(CNN_SMALL_LAYERS);
    }
    if (s.equals("mlp") || s.startsWith("mlp:")) {
      return parseMlp(spec, s.equals("mlp") ? "" : s.substring("mlp:".length()));
    }
    List<LayerSpec> layers = new ArrayList<>();
    String[] tokens = s.split(",", -1);
    for (int i = 0; i < tokens.length; i++) {
      layers.add(parseToken(spec, tokens[i].strip(), i + 1));
    }
    return of(layers);
  }

  private static ModelSpec parseMlp(String spec, String widths) {
    List<Integer> hidden = new ArrayList<>();
    if (!widths.isBlank()) {
      for (String w : widths.split(",", -1)) {
        try {
          hidden.add(Integer.parseInt(w.strip()));
        } catch (NumberFormatException e) {
          throw bad(spec, w.strip(), "an mlp takes positive hidden widths, e.g. mlp:512,512");
        }
        checkArgument(hidden.get(hidden.size() - 1) > 0, "model spec '%s': hidden width '%s' must be positive", spec, w.strip());
      }
    }
    return mlp(hidden);
  }

  private static LayerSpec parseToken(String spec, String token, int position) {
    int colon = token.indexOf(':');
    String kind = colon < 0 ? token : token.substring(0, colon);
    String args = colon < 0 ? null : token.substring(colon + 1);
    try {
      return switch (kind) {
        case "dense" -> args == null ? new LayerSpec.Dense(OptionalInt.empty()) : new LayerSpec.Dense(OptionalInt.of(positive(args)));
        case "relu" -> noArgs(args, new LayerSpec.Act(Activation.RELU));
        case "tanh" -> noArgs(args, new LayerSpec.Act(Activation.TANH));
        case "dropout" -> new LayerSpec.Dropout(Double.parseDouble(required(args, "a rate, e.g. dropout:0.5")));
        case "flatten" -> noArgs(args, new LayerSpec.Flatten());
        case "conv" -> conv(required(args, "filters and kernel, e.g. conv:32k3p1"));
        case "maxpool" -> pool(LayerSpec.Pool.Kind.MAX, args);
        case "avgpool" -> pool(LayerSpec.Pool.Kind.AVERAGE, args);
        case "gap" -> noArgs(args, new LayerSpec.GlobalAvgPool());
        case "groupnorm" -> new LayerSpec.GroupNorm(positive(required(args, "a group count, e.g. groupnorm:8")));
        case "layernorm" -> noArgs(args, new LayerSpec.LayerNorm());
        case "mlp", CNN_SMALL -> throw new IllegalArgumentException("a preset stands alone, it cannot be one of several tokens");
        default -> throw new IllegalArgumentException("unknown layer '" + kind + "'");
      };
    } catch (IllegalArgumentException e) {
      String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
      throw bad(spec, token.isEmpty() ? "(empty, token " + position + ")" : token, why);
    }
  }

  private static IllegalArgumentException bad(String spec, String token, String why) {
    return new IllegalArgumentException(String.format("model spec '%s': bad token '%s': %s. %s", spec, token, why, GRAMMAR));
  }

  private static LayerSpec noArgs(String args, LayerSpec layer) {
    checkArgument(args == null, "'%s' takes no arguments", layer.token());
    return layer;
  }

  private static String required(String args, String what) {
    checkArgument(args != null && !args.isEmpty(), "needs %s", what);
    return args;
  }

  private static int positive(String number) {
    int n = Integer.parseInt(number);
    checkArgument(n > 0, "%s is not positive", n);
    return n;
  }

  private static LayerSpec conv(String args) {
    Matcher m = CONV.matcher(args);
    checkArgument(m.matches(), "expected FkK[sS][pP], e.g. conv:32k3p1");
    return new LayerSpec.Conv(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 1 : Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
  }

  private static LayerSpec pool(LayerSpec.Pool.Kind kind, String args) {
    Matcher m = POOL.matcher(required(args, "a window, e.g. " + kind.token() + ":2"));
    checkArgument(m.matches(), "expected K[sS], e.g. 2 or 3s2");
    int kernel = Integer.parseInt(m.group(1));
    return new LayerSpec.Pool(kind, kernel, m.group(2) == null ? kernel : Integer.parseInt(m.group(2)));
  }

  /**
   * The hidden widths, when this is a plain ReLU MLP ({@code dense:W,relu} pairs and a final
   * {@code dense}); the runs of such a model are named by these widths.
   *
   * @return the hidden widths, or empty for any other network
   */
  public Optional<List<Integer>> mlpWidths() {
    return mlpWidths(layers);
  }

  private static Optional<List<Integer>> mlpWidths(List<LayerSpec> layers) {
    List<Integer> widths = new ArrayList<>();
    int n = layers.size();
    if (n % 2 == 0 || !(layers.get(n - 1) instanceof LayerSpec.Dense last) || last.units().isPresent()) {
      return Optional.empty();
    }
    for (int i = 0; i + 1 < n; i += 2) {
      if (!(layers.get(i) instanceof LayerSpec.Dense d && d.units().isPresent()
          && layers.get(i + 1).equals(new LayerSpec.Act(Activation.RELU)))) {
        return Optional.empty();
      }
      widths.add(d.units().getAsInt());
    }
    return Optional.of(List.copyOf(widths));
  }

  private static String canonicalText(List<LayerSpec> layers) {
    String tokens = layers.stream().map(LayerSpec::token).collect(Collectors.joining(","));
    if (tokens.equals(CNN_SMALL_LAYERS)) {
      return CNN_SMALL;
    }
    Optional<List<Integer>> widths = mlpWidths(layers);
    return widths.map(w -> w.isEmpty() ? "mlp" : "mlp:" + w.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .orElse(tokens);
  }

  /**
   * The shape of one example as the first layer sees it: the image {@code [C, H, W]} when that
   * layer needs images, otherwise the flat {@code [C*H*W]}.
   *
   * @param image the shape of one input image {@code [C, H, W]}
   * @return the first layer's input shape
   */
  public Shape inputShape(Shape image) {
    checkArgument(image.rank() == 3, "model '%s': input images must have shape [channels, height, width], got %s", text, image);
    return layers.get(0).needsImages() ? image : Shape.of(image.size());
  }

  /**
   * The shape of one example after each layer, first to last, checking that each layer fits its
   * input and that the last gives one value per class.
   *
   * @param image the shape of one input image {@code [C, H, W]}
   * @param classes the number of classes, positive
   * @return one shape per layer
   * @throws IllegalArgumentException naming the token that does not fit, or the output shape
   */
  public List<Shape> shapes(Shape image, int classes) {
    checkArgument(classes > 0, "model '%s': the number of classes must be positive, got %s", text, classes);
    List<Shape> shapes = new ArrayList<>();
    Shape in = inputShape(image);
    for (LayerSpec layer : layers) {
      try {
        in = layer.outputShape(in, classes);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format("model '%s' on %s inputs: %s", text, image, e.getMessage()), e);
      }
      shapes.add(in);
    }
    checkArgument(in.rank() == 1 && in.dim(0) == classes,
        "model '%s' on %s inputs gives outputs of shape %s per example, but there are %s classes: end with 'dense'",
        text, image, in, classes);
    return shapes;
  }

  /**
   * The number of trainable values of the network on images of shape {@code image}.
   *
   * @param image the shape of one input image {@code [C, H, W]}
   * @param classes the number of classes
   * @return the sum of every layer's parameter count
   * @throws IllegalArgumentException as {@link #shapes}
   */
  public long parameterCount(Shape image, int classes) {
    List<Shape> shapes = shapes(image, classes);
    long count = 0;
    Shape in = inputShape(image);
    for (int i = 0; i < layers.size(); i++) {
      count += layers.get(i).parameterCount(in, classes);
      in = shapes.get(i);
    }
    return count;
  }

  /**
   * The network: layers named by kind and count, an {@link Unflatten} named {@code image} first
   * when the first layer needs images, a {@code dense} and the activation after it fused into one
   * {@link Dense} layer. Weights come from {@link Sequential#init(long)}.
   *
   * @param image the shape of one input image {@code [C, H, W]}; inputs arrive as {@code [B, C*H*W]}
   * @param classes the number of classes
   * @return the network, from inputs {@code [B, C*H*W]} to logits {@code [B, classes]}
   * @throws IllegalArgumentException as {@link #shapes}
   */
  public Sequential build(Shape image, int classes) {
    List<Shape> shapes = shapes(image, classes);
    Map<String, Integer> counts = new HashMap<>();
    List<Layer> network = new ArrayList<>();
    Shape in = inputShape(image);
    if (in.rank() == 3) {
      network.add(new Unflatten("image", in));
    }
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec layer = layers.get(i);
      Shape out = shapes.get(i);
      if (layer instanceof LayerSpec.Dense && i + 1 < layers.size() && layers.get(i + 1) instanceof LayerSpec.Act act) {
        network.add(Dense.of(name("dense", counts), in.size(), out.dim(0), act.function()));
        i++;
        in = shapes.get(i);
        continue;
      }
      network.add(layer(layer, in, out, counts));
      in = out;
    }
    return Sequential.of(mlpWidths().isPresent() ? "mlp" : text, network);
  }

  /** The layer of one token, for inputs {@code in} and outputs {@code out} per example. */
  private static Layer layer(LayerSpec spec, Shape in, Shape out, Map<String, Integer> counts) {
    // Java 17 has no pattern switch: one instanceof per token kind, in the order of LayerSpec.
    if (spec instanceof LayerSpec.Dense) {
      return Dense.of(name("dense", counts), in.size(), out.dim(0), Activation.IDENTITY);
    } else if (spec instanceof LayerSpec.Act a) {
      return new ActivationLayer(name(a.token(), counts), a.function());
    } else if (spec instanceof LayerSpec.Dropout d) {
      return new Dropout(name("dropout", counts), d.rate());
    } else if (spec instanceof LayerSpec.Flatten) {
      return new Flatten(name("flatten", counts));
    } else if (spec instanceof LayerSpec.Conv c) {
      return new Conv2d(name("conv", counts), in.dim(0), c.filters(), c.kernel(), c.stride(), c.padding());
    } else if (spec instanceof LayerSpec.Pool p) {
      return p.kind() == LayerSpec.Pool.Kind.MAX
          ? new MaxPool2d(name("maxpool", counts), p.kernel(), p.stride())
          : new AvgPool2d(name("avgpool", counts), p.kernel(), p.stride());
    } else if (spec instanceof LayerSpec.GlobalAvgPool) {
      return new GlobalAvgPool(name("gap", counts));
    } else if (spec instanceof LayerSpec.GroupNorm g) {
      return new GroupNorm(name("groupnorm", counts), g.groups(), in.dim(0));
    } else if (spec instanceof LayerSpec.LayerNorm) {
      return new LayerNorm(name("layernorm", counts), in.toArray());
    }
    throw new AssertionError("unhandled layer token " + spec); // LayerSpec is sealed
  }


  /** {@code kind} followed by how many layers of that kind there are so far, from 1. */
  private static String name(String kind, Map<String, Integer> counts) {
    return kind + counts.merge(kind, 1, Integer::sum);
  }
}
