package dev.sngrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Inference;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Phase;
import java.util.Arrays;

/**
 * Mean loss and accuracy over a data set, evaluated batch by batch: call {@link #add} per batch,
 * then {@link #result}. Each batch runs in inference mode ({@link Phase#inference()}: no dropout,
 * no tape) on the matrix kernel of the evaluation's {@link ExecutionContext}, with the arrays of
 * its values taken from an {@link Arena} of this evaluation's own, reused by every batch (batches
 * of one size allocate only on the first). With the same kernel the results are the same bits as
 * {@link Model#logits(Params, Tensor)} followed by the loss. Loss sums are kept in double. Mutable
 * and not thread-safe: use one instance per thread.
 */
public final class Evaluation {
  private final Model model;
  private final ExecutionContext context;
  private final Arena arena = new Arena();
  private double lossSum;
  private long correct;
  private long count;

  /**
   * An empty evaluation of {@code model} on the pure-Java kernel of {@link
   * ExecutionContext#defaults()}.
   *
   * @param model the network and loss to evaluate; its loss gives the mean loss reported
   */
  public Evaluation(Model model) {
    this(model, ExecutionContext.defaults());
  }

  /**
   * An empty evaluation of {@code model} on the kernel of {@code context}, e.g. the context of the
   * training steps; the context's buffers are not used (the evaluation takes its arrays from its
   * own arena, which it resets after every batch).
   *
   * @param model the network and loss to evaluate; its loss gives the mean loss reported
   * @param context whose matrix kernel runs every product of the network
   * @throws NullPointerException if {@code model} or {@code context} is null
   */
  public Evaluation(Model model, ExecutionContext context) {
    this.model = checkNotNull(model, "model");
    this.context = checkNotNull(context, "context").withBuffers(arena);
  }

  /**
   * Mean loss and accuracy over a labelled set. Immutable.
   *
   * @param meanLoss the model's per-example loss averaged over all {@code count} examples, in the
   *     loss's own units (nats for {@link dev.sngrad.nn.loss.Loss#softmaxCrossEntropy()})
   * @param accuracy the fraction of examples, in {@code [0, 1]}, whose highest logit is at the
   *     label's index (ties go to the lowest index)
   * @param count the number of examples evaluated, positive
   */
  public record Result(double meanLoss, double accuracy, long count) {}

  /**
   * Evaluates one batch and adds its losses and correct predictions to the running sums.
   *
   * @param params the model's parameters (not modified)
   * @param inputs the batch, {@code [B, ...]} with examples on axis 0, in the shape the network
   *     expects (not modified)
   * @param labels {@code B} class indices in {@code [0, C)}, one per row of {@code inputs}
   * @return this evaluation, for chaining
   * @throws IllegalArgumentException if {@code inputs} does not have {@code labels.length} rows,
   *     if a parameter is missing, or if the shapes or labels do not fit the network and loss
   */
  public Evaluation add(Params params, Tensor inputs, int[] labels) {
    checkArgument(
        inputs.shape().dim(0) == labels.length, "evaluation: inputs %s but %s labels", inputs.shape(), labels.length);
    double newLossSum = lossSum;
    long newCorrect = correct;
    // every value of the pass lives in the arena: read the losses and logits, then reset it
    try {
      Inference pass = Inference.in(context);
      Var logits = model.logits(pass, params, inputs);
      // one running sum over every example in order, so batching does not change its rounding
      for (float l : TensorArrays.data(model.loss().perExample(logits, labels).value())) {
        newLossSum += l;
      }
      newCorrect += correctPredictions(logits.value(), labels);
    } finally {
      arena.reset();
    }
    lossSum = newLossSum;
    correct = newCorrect;
    count += labels.length;
    return this;
  }

  /** The rows of {@code logits} whose highest logit (the first of ties) is at the row's label. */
  private static int correctPredictions(Tensor logits, int[] labels) {
    int classes = logits.shape().dim(1);
    float[] z = TensorArrays.data(logits);
    int hits = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (z[i * classes + c] > z[i * classes + best]) {
          best = c;
        }
      }
      if (best == labels[i]) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * The mean loss and accuracy of everything added so far. The evaluation stays usable: more
   * batches may be added and {@code result()} called again.
   *
   * @return the mean loss and accuracy over every example added
   * @throws IllegalArgumentException if no example has been added
   */
  public Result result() {
    checkArgument(count > 0, "evaluation: no examples added");
    return new Result(lossSum / count, (double) correct / count, count);
  }

  /**
   * Evaluates a whole labelled set in consecutive batches of {@code batchSize} rows (the last
   * batch may be smaller), so that memory follows the batch size rather than the set size.
   *
   * @param model the network and loss to evaluate
   * @param params the model's parameters (not modified)
   * @param inputs the set, {@code [N, ...]} with examples on axis 0 (not modified)
   * @param labels {@code N} class indices in {@code [0, C)}
   * @param batchSize the rows per batch, positive
   * @return the mean loss and accuracy over all {@code N} examples
   * @throws IllegalArgumentException if {@code batchSize} is not positive, if {@code inputs} does
   *     not have {@code labels.length} rows, if {@code N} is zero, or if the shapes or labels do not
   *     fit the network and loss
   */
  public static Result of(Model model, Params params, Tensor inputs, int[] labels, int batchSize) {
    return of(model, params, inputs, labels, batchSize, ExecutionContext.defaults());
  }

  /**
   * {@link #of(Model, Params, Tensor, int[], int)} on the kernel of {@code context}, as {@link
   * #Evaluation(Model, ExecutionContext)} runs it.
   *
   * @param model the network and loss to evaluate
   * @param params the model's parameters (not modified)
   * @param inputs the set, {@code [N, ...]} with examples on axis 0 (not modified)
   * @param labels {@code N} class indices in {@code [0, C)}
   * @param batchSize the rows per batch, positive
   * @param context whose matrix kernel runs every product of the network
   * @return the mean loss and accuracy over all {@code N} examples
   * @throws IllegalArgumentException if {@code batchSize} is not positive, if {@code inputs} does
   *     not have {@code labels.length} rows, if {@code N} is zero, or if the shapes or labels do not
   *     fit the network and loss
   */
  public static Result of(
      Model model, Params params, Tensor inputs, int[] labels, int batchSize, ExecutionContext context) {
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    Evaluation e = new Evaluation(model, context);
    int n = inputs.shape().dim(0);
    checkArgument(n == labels.length, "evaluation: inputs %s but %s labels", inputs.shape(), labels.length);
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      e.add(params, inputs.slice(from, to), Arrays.copyOfRange(labels, from, to));
    }
    return e.result();
  }
}
