package dev.sngrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;

/**
 * Mean loss and accuracy over a data set, evaluated batch by batch: call {@link #add} per batch,
 * then {@link #result}. Sums are kept in double. Mutable, not thread-safe.
 */
public final class Evaluation {
  private final Model model;
  private double lossSum;
  private long correct;
  private long count;

  /** An empty evaluation of {@code model}. */
  public Evaluation(Model model) {
    this.model = model;
  }

  /** Mean loss and accuracy over a labelled set. */
  public record Result(double meanLoss, double accuracy, long count) {}

  /** Evaluates one batch (not modified). */
  public Evaluation add(Params params, Tensor inputs, int[] labels) {
    checkArgument(
        inputs.shape().dim(0) == labels.length, "evaluation: inputs %s but %s labels", inputs.shape(), labels.length);
    Tensor logits = model.logits(params, inputs);
    Tensor losses = model.loss().perExample(Var.constant(logits), labels).value();
    for (float l : TensorArrays.data(losses)) {
      lossSum += l;
    }
    int classes = logits.shape().dim(1);
    float[] z = TensorArrays.data(logits);
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (z[i * classes + c] > z[i * classes + best]) {
          best = c;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    count += labels.length;
    return this;
  }

  /** The mean loss and accuracy of everything added. */
  public Result result() {
    checkArgument(count > 0, "evaluation: no examples added");
    return new Result(lossSum / count, (double) correct / count, count);
  }

  /** Evaluates {@code inputs} in batches of {@code batchSize} rows. */
  public static Result of(Model model, Params params, Tensor inputs, int[] labels, int batchSize) {
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    Evaluation e = new Evaluation(model);
    int n = inputs.shape().dim(0);
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      e.add(params, inputs.slice(from, to), Arrays.copyOfRange(labels, from, to));
    }
    return e.result();
  }
}
