package dev.sngrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.CountingKernel;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Arena;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.nn.spec.ModelSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Evaluation and logits run on the kernel of the context they are given, and with the defaults'
 * kernel they give the bits of the defaults path.
 */
class EvaluationContextTest {
  private static final Shape IMAGE = Shape.of(2, 6, 6);
  private static final int CLASSES = 4;

  private static Model model(String spec) {
    Sequential network = ModelSpec.parse(spec).build(IMAGE, CLASSES);
    return new Model(network, Loss.softmaxCrossEntropy());
  }

  private static Model mlp() {
    return model("dense:16,relu,dropout:0.5,dense:12,relu,dense");
  }

  private static Model cnn() {
    return model("conv:3k3p1,relu,maxpool:2,conv:4k3s2p1,relu,flatten,dense");
  }

  private static Tensor inputs(int examples, long seed) {
    return Tensor.normal(Shape.of(examples, IMAGE.size()), 1f, new SplittableRandom(seed));
  }

  private static int[] labels(int examples, long seed) {
    return new SplittableRandom(seed).ints(examples, 0, CLASSES).toArray();
  }

  @Test
  void logitsInAContextAreTheDefaultsBitsWithTheSameKernelAndUseThatKernel() {
    for (Model model : new Model[] {mlp(), cnn()}) {
      Params p = model.network().init(new SplittableRandom(7));
      Tensor x = inputs(5, 8);
      Tensor expected = model.logits(p, x);
      CountingKernel kernel = new CountingKernel(MatMulKernel.defaultKernel());
      Tensor actual = model.logits(p, x, new ExecutionContext(kernel, WorkerThreads.shared(2), new Arena()));
      assertThat(actual).isEqualTo(expected);
      assertThat(kernel.products()).as("%s", model.network()).isPositive();
    }
  }

  @Test
  void evaluationOnTheDefaultsKernelGivesTheOldPathsBitsAndRunsEveryBatchOnTheGivenKernel() {
    for (Model model : new Model[] {mlp(), cnn()}) {
      Params p = model.network().init(new SplittableRandom(3));
      Tensor x = inputs(23, 4);
      int[] y = labels(23, 5);
      int batch = 10; // batches of 10, 10 and 3: the arena serves two lengths
      CountingKernel kernel = new CountingKernel(MatMulKernel.defaultKernel());
      Evaluation.Result inContext = Evaluation.of(model, p, x, y, batch, ExecutionContext.of(kernel, WorkerThreads.shared(2)));
      assertThat(inContext).isEqualTo(reference(model, p, x, y, batch));
      assertThat(inContext).isEqualTo(Evaluation.of(model, p, x, y, batch));

      // the products of one batch, counted on a single batch's evaluation, times three batches
      CountingKernel oneBatch = new CountingKernel(MatMulKernel.defaultKernel());
      new Evaluation(model, ExecutionContext.of(oneBatch, WorkerThreads.shared(2))).add(p, x.slice(0, batch), Arrays.copyOf(y, batch));
      assertThat(oneBatch.products()).isPositive();
      assertThat(kernel.products()).as("%s", model.network()).isEqualTo(3 * oneBatch.products());
    }
  }

  @Test
  void anotherKernelGivesTheSameMetricsUpToFloatRounding() {
    Model model = cnn();
    Params p = model.network().init(new SplittableRandom(11));
    Tensor x = inputs(12, 12);
    int[] y = labels(12, 13);
    Evaluation.Result defaults = Evaluation.of(model, p, x, y, 5);
    Evaluation.Result scalar = Evaluation.of(model, p, x, y, 5, ExecutionContext.of(MatMulKernel.scalar(), WorkerThreads.shared(1)));
    assertThat(scalar.count()).isEqualTo(12);
    assertThat(scalar.meanLoss()).isCloseTo(defaults.meanLoss(), within(1e-5));
  }

  /**
   * Mean loss and accuracy the way evaluation computed them before it took a context: logits on
   * the defaults, the loss of constant logits, one running double sum, argmax with the first of ties.
   */
  private static Evaluation.Result reference(Model model, Params p, Tensor x, int[] y, int batch) {
    double lossSum = 0;
    long correct = 0;
    int n = y.length;
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      int[] labels = Arrays.copyOfRange(y, from, to);
      Tensor logits = model.logits(p, x.slice(from, to));
      for (float l : TensorArrays.data(model.loss().perExample(Var.constant(logits), labels).value())) {
        lossSum += l;
      }
      float[] z = TensorArrays.data(logits);
      for (int i = 0; i < labels.length; i++) {
        int best = 0;
        for (int c = 1; c < CLASSES; c++) {
          if (z[i * CLASSES + c] > z[i * CLASSES + best]) {
            best = c;
          }
        }
        correct += best == labels[i] ? 1 : 0;
      }
    }
    return new Evaluation.Result(lossSum / n, (double) correct / n, n);
  }
}
