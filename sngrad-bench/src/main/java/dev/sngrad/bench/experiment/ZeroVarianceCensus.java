package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sngrad.autodiff.GradientStats;
import dev.sngrad.autodiff.Ops;
import dev.sngrad.autodiff.PerExample;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.data.Batch;
import dev.sngrad.data.Batcher;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.checkpoint.Checkpoint;
import dev.sngrad.nn.checkpoint.CheckpointFile;
import dev.sngrad.nn.layer.Mlp;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.nn.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which parameters of a ReLU MLP a signal-to-noise rule cannot damp on a batch, and why: it counts
 * the elements whose per-example gradient variance over the batch is exactly 0 (every rule leaves
 * them undamped: factor 1 where {@code sigma = 0}) and attributes each to the first cause that
 * explains it:
 *
 * <ol>
 *   <li><b>into a dead unit</b>: a weight or bias of hidden unit {@code u} whose ReLU output is 0
 *       for every example of the batch, so its per-example gradients are all 0;
 *   <li><b>out of a dead unit</b>: a weight from such a unit to the next layer (its input is 0 for
 *       every example);
 *   <li><b>constant-zero input</b>: a first-layer weight of an input that is 0 in every example;
 *   <li><b>never active together</b>: a weight from input (or unit) {@code a} into hidden unit
 *       {@code u} where no example has both {@code a} nonzero and {@code u} active (ReLU output
 *       above 0), though each is on some example: its per-example gradient {@code a * relu'(u) *
 *       ...} is 0 on every example;
 *   <li><b>other</b>: anything else (e.g. a gradient that is the same nonzero value for every
 *       example, or rounding).
 * </ol>
 *
 * <p>The network is an {@link Mlp} as the command line builds it ({@code dense1 ... denseK},
 * weights {@code [in, out]}, biases {@code [out]}). {@link #main} reads the parameters of a
 * checkpoint written by {@code sngrad train} and prints the census of the first training batch of
 * epoch 0 (shuffled with the seed, as training does), then the dead units on the whole training
 * set. Used for the finding in {@code docs/results.md}.
 */
public final class ZeroVarianceCensus {
  private ZeroVarianceCensus() {}

  /**
   * The census of one parameter tensor: {@code zeroVariance} elements, split into the causes of the
   * class comment (they add up to it).
   */
  public record Row(
      String tensor, int elements, int zeroVariance, int intoDeadUnit, int outOfDeadUnit, int constantZeroInput,
      int neverActiveTogether, int other) {}

  /**
   * The census of a batch: a row per parameter tensor in parameter order and, per hidden layer,
   * which units are dead on the batch.
   */
  public record Census(List<Row> rows, List<boolean[]> deadUnits) {
    /** Elements of all tensors. */
    public int elements() {
      return rows.stream().mapToInt(Row::elements).sum();
    }

    /** Elements with variance exactly 0, of all tensors. */
    public int zeroVariance() {
      return rows.stream().mapToInt(Row::zeroVariance).sum();
    }
  }

  /** The number of dense layers of an MLP's {@code params}, checking their names. */
  static int layers(Params params) {
    int layers = params.count() / 2;
    for (int l = 1; l <= layers; l++) {
      checkArgument(params.asMap().containsKey("dense" + l + "/weight") && params.asMap().containsKey("dense" + l + "/bias"),
          "expected an MLP's parameters dense1/weight, dense1/bias ... dense%s/bias, got %s", layers, params.asMap().keySet());
    }
    return layers;
  }

  /** The MLP of {@code params}: its layer sizes from the weights' shapes. */
  static Model model(Params params) {
    int layers = layers(params);
    int[] sizes = new int[layers + 1];
    sizes[0] = params.get("dense1/weight").shape().dim(0);
    for (int l = 1; l <= layers; l++) {
      sizes[l] = params.get("dense" + l + "/weight").shape().dim(1);
    }
    return new Model(Mlp.of(sizes), Loss.softmaxCrossEntropy());
  }

  /** The census of the batch {@code inputs} ({@code [B, in]}) with {@code labels} at {@code params}. */
  public static Census of(Params params, Tensor inputs, int[] labels) {
    int layers = layers(params);
    GradientStats stats = PerExample.of(model(params).exampleLoss(Phase.inference())).gradStats(params, inputs, labels);
    List<Tensor> activations = activations(params, inputs); // inputs, then each hidden layer's ReLU output
    List<boolean[]> dead = new ArrayList<>();
    for (Tensor h : activations.subList(1, activations.size())) {
      dead.add(zeroColumns(h));
    }
    boolean[] zeroInput = zeroColumns(inputs);
    List<Row> rows = new ArrayList<>();
    for (String name : params.asMap().keySet()) {
      int l = Integer.parseInt(name.substring("dense".length(), name.indexOf('/')));
      boolean[] deadOut = l < layers ? dead.get(l - 1) : new boolean[params.get("dense" + l + "/bias").size()];
      boolean[] deadIn = l > 1 ? dead.get(l - 2) : new boolean[params.get("dense1/weight").shape().dim(0)];
      float[] variance = TensorArrays.data(stats.variance().get(name));
      int outputs = deadOut.length;
      boolean weight = name.endsWith("/weight");
      int zero = 0;
      int into = 0;
      int outOf = 0;
      int input = 0;
      int apart = 0;
      for (int j = 0; j < variance.length; j++) {
        if (variance[j] != 0) {
          continue;
        }
        zero++;
        int unit = j % outputs; // weight [in, out] row-major, or bias [out]
        int from = j / outputs;
        if (deadOut[unit]) {
          into++;
        } else if (weight && deadIn[from]) {
          outOf++;
        } else if (weight && l == 1 && zeroInput[from]) {
          input++;
        } else if (weight && l < layers && neverTogether(activations.get(l - 1), from, activations.get(l), unit)) {
          apart++;
        }
      }
      rows.add(new Row(name, variance.length, zero, into, outOf, input, apart, zero - into - outOf - input - apart));
    }
    return new Census(rows, dead);
  }

  /** {@code inputs}, then the ReLU output of each hidden layer, {@code [B, units]}. */
  static List<Tensor> activations(Params params, Tensor inputs) {
    List<Tensor> activations = new ArrayList<>(List.of(inputs));
    Var h = Var.constant(inputs);
    for (int l = 1; l < layers(params); l++) {
      h = Ops.relu(Ops.biasAdd(Ops.matmul(h, Var.constant(params.get("dense" + l + "/weight"))),
          Var.constant(params.get("dense" + l + "/bias"))));
      activations.add(h.value());
    }
    return activations;
  }

  /** Per hidden layer, the units whose ReLU output is 0 for every example of {@code inputs}. */
  static List<boolean[]> deadUnits(Params params, Tensor inputs) {
    List<Tensor> activations = activations(params, inputs);
    List<boolean[]> dead = new ArrayList<>();
    for (Tensor h : activations.subList(1, activations.size())) {
      dead.add(zeroColumns(h));
    }
    return dead;
  }

  /** True when no row of {@code in} and {@code out} has column {@code a} of {@code in} and column {@code u} of {@code out} nonzero. */
  private static boolean neverTogether(Tensor in, int a, Tensor out, int u) {
    int rows = in.shape().dim(0);
    int inCols = in.shape().dim(1);
    int outCols = out.shape().dim(1);
    for (int i = 0; i < rows; i++) {
      if (TensorArrays.data(in)[i * inCols + a] != 0 && TensorArrays.data(out)[i * outCols + u] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The columns of the matrix {@code t} that are 0 in every row. */
  static boolean[] zeroColumns(Tensor t) {
    int rows = t.shape().dim(0);
    int cols = t.shape().dim(1);
    float[] data = TensorArrays.data(t);
    boolean[] zero = new boolean[cols];
    java.util.Arrays.fill(zero, true);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (data[r * cols + c] != 0) {
          zero[c] = false;
        }
      }
    }
    return zero;
  }

  /** The census as a Markdown table, with a total row. */
  public static String markdown(Census census) {
    StringBuilder md = new StringBuilder(
        "| tensor | elements | variance 0 | into a dead unit | out of a dead unit | constant-zero input"
            + " | never active together | other |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    int[] total = new int[7];
    for (Row r : census.rows()) {
      int[] cells = {r.elements(), r.zeroVariance(), r.intoDeadUnit(), r.outOfDeadUnit(), r.constantZeroInput(),
          r.neverActiveTogether(), r.other()};
      md.append("| ").append(r.tensor());
      for (int k = 0; k < cells.length; k++) {
        md.append(" | ").append(cells[k]);
        total[k] += cells[k];
      }
      md.append(" |\n");
    }
    md.append("| all");
    for (int cell : total) {
      md.append(" | ").append(cell);
    }
    md.append(String.format(Locale.ROOT, " |%n%nvariance 0: %.2f%% of the parameters%n",
        100.0 * census.zeroVariance() / census.elements()));
    return md.toString();
  }

  /**
   * The parameters of a checkpoint written by {@code sngrad train}, refusing a network other than a
   * ReLU MLP: its causes are those of dense layers with ReLU, and a CNN's tensors (or dense layers
   * with another activation) would be attributed wrongly. Checkpoints written before {@code
   * --model} existed name no model and hold an MLP.
   *
   * @throws IllegalArgumentException naming the file and the model it holds
   * @throws IOException if the checkpoint's config is not JSON
   */
  static Params mlpParams(Checkpoint checkpoint, String file) throws IOException {
    String config = checkpoint.metadata().get("config");
    JsonNode model = config == null ? null : new ObjectMapper().readTree(config).get("model");
    if (model != null && !model.isNull()) {
      checkArgument(ModelSpec.parse(model.asText()).mlpWidths().isPresent(),
          "%s holds the network '%s'; the zero-variance census covers ReLU MLPs (mlp:W,W,...) only", file, model.asText());
    }
    return checkpoint.params();
  }

  /**
   * {@code ZeroVarianceCensus CHECKPOINT DATASET DATA_DIR BATCH_SIZE SEED}: the census of the first
   * training batch of epoch 0 at the checkpoint's parameters, and the dead units of each hidden
   * layer on that batch and on the whole training set.
   */
  public static void main(String[] args) throws IOException {
    checkArgument(args.length == 5, "usage: ZeroVarianceCensus CHECKPOINT DATASET DATA_DIR BATCH_SIZE SEED");
    Params params = mlpParams(CheckpointFile.read(Path.of(args[0])), args[0]);
    long seed = Long.parseLong(args[4]);
    DataBundle data = DataBundle.load(args[1], Optional.of(Path.of(args[2])), false, 0, seed, Optional.empty());
    Batcher train = Batcher.builder(data.train(), data.normalization())
        .batchSize(Integer.parseInt(args[3])).shuffle(true).seed(seed).build();
    Batch first = train.batch(0, 0);
    Census census = of(params, TrainingRun.minibatch(first).inputs(), first.labels());
    System.out.print(markdown(census));
    Batcher all = Batcher.builder(data.train(), data.normalization()).batchSize(1024).shuffle(false).build();
    List<boolean[]> deadOnAll = null;
    for (Batch b : all.epoch(0)) {
      List<boolean[]> dead = deadUnits(params, TensorArrays.wrap(Shape.of(b.shape()), b.inputs()));
      if (deadOnAll == null) {
        deadOnAll = dead;
      } else {
        for (int l = 0; l < dead.size(); l++) {
          for (int u = 0; u < dead.get(l).length; u++) {
            deadOnAll.get(l)[u] &= dead.get(l)[u];
          }
        }
      }
    }
    for (int l = 0; l < census.deadUnits().size(); l++) {
      System.out.printf(Locale.ROOT, "hidden layer %d: %d of %d units dead on the batch, %d dead on all %d training examples%n",
          l + 1, count(census.deadUnits().get(l)), census.deadUnits().get(l).length, count(deadOnAll.get(l)),
          data.train().size());
    }
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
