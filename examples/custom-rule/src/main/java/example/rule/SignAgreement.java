package example.rule;

import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;

/**
 * How much the examples of a batch agree on the direction of each parameter's gradient: {@code a =
 * |1/B sum_i sign(g_i)|}, elementwise, with {@code sign(0) = 0}. {@code a = 1} when every example
 * pushes the parameter the same way, {@code a = 0} when as many push up as down.
 *
 * <p>sngrad's gradient statistics hold only the mean and the variance of the {@code g_i}; the
 * signs need the per-example gradients themselves. As a {@link PerExampleReduction}, the training
 * step computes the agreement in its pass over them, chunk by chunk, for every transform that asks
 * for it ({@link DampBySignAgreement}). All instances are equal, so the agreement is computed once
 * per batch however many transforms ask for it.
 */
public record SignAgreement() implements PerExampleReduction {
  @Override
  public String name() {
    return "sign agreement";
  }

  @Override
  public Accumulator start(String parameter, Shape shape) {
    return new SignSums(shape);
  }

  /** The sum of the signs of each element over the examples added so far, and their number. */
  private static final class SignSums implements Accumulator {
    private final Shape shape;
    private final long[] signSums;
    private long examples;

    SignSums(Shape shape) {
      this.shape = shape;
      this.signSums = new long[shape.size()];
    }

    @Override
    public void add(Tensor perExample) {
      int rows = perExample.shape().dim(0);
      int size = signSums.length;
      for (int i = 0; i < rows; i++) {
        int row = i * size;
        for (int j = 0; j < size; j++) {
          signSums[j] += (long) Math.signum(perExample.getFlat(row + j));
        }
      }
      examples += rows;
    }

    @Override
    public Tensor finish() {
      float[] agreement = new float[signSums.length];
      for (int j = 0; j < agreement.length; j++) {
        agreement[j] = (float) Math.abs((double) signSums[j] / examples);
      }
      return Tensor.of(shape, agreement);
    }
  }
}
