package example.rule;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;

/**
 * How much the examples of a batch agree on the direction of each parameter's gradient: {@code a =
 * |1/B sum_i sign(g_i)|}, elementwise, with {@code sign(0) = 0}. {@code a = 1} when every example
 * pushes the parameter the same way, {@code a = 0} when as many push up as down.
 *
 * <p>sngrad's gradient statistics hold only the mean and the variance of the {@code g_i}; the
 * signs need the per-example gradients themselves ({@code PerExample.grad}).
 */
public final class SignAgreement {
  private SignAgreement() {}

  /**
   * The agreement of every parameter.
   *
   * @param perExample per-example gradients, each {@code [B, ...]} with the same {@code B >= 1} (not modified)
   * @return for each parameter a tensor of its own shape with values in [0, 1]
   */
  public static Params of(Params perExample) {
    Params.Builder out = Params.builder();
    perExample.asMap().forEach((name, g) -> {
      int examples = g.shape().dim(0);
      Shape shape = g.shape().dropFirst();
      float[] values = g.toArray();
      int size = shape.size();
      int[] signSums = new int[size];
      for (int i = 0; i < examples; i++) {
        int row = i * size;
        for (int j = 0; j < size; j++) {
          float v = values[row + j];
          signSums[j] += v > 0 ? 1 : v < 0 ? -1 : 0;
        }
      }
      float[] agreement = new float[size];
      for (int j = 0; j < size; j++) {
        agreement[j] = (float) Math.abs((double) signSums[j] / examples);
      }
      out.put(name, Tensor.of(shape, agreement));
    });
    return out.build();
  }
}
