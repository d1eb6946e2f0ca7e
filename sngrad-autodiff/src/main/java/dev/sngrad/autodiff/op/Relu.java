package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.CpuFeatures;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Rectified linear unit, {@code y = max(x, 0)}; the derivative at 0 is taken as 0, as in JAX.
 *
 * <p>ReLU runs on every hidden activation of an MLP, so it has its own loops instead of the per-element
 * {@link #apply}/{@link #derivative} calls of {@link Elementwise}: the shared loops call those
 * through a site that sees every elementwise op, which HotSpot can neither inline nor vectorize.
 * Where the JVM has the Vector API, {@code VectorRelu} runs them eight lanes at a time with a
 * compare and a blend: the scalar {@code x > 0 ? x : 0} compiles to a branch that about half the
 * activations mispredict. Both give the same bits (a NaN input gives 0 in both).
 */
final class Relu extends Elementwise {
  private static final boolean VECTOR = CpuFeatures.vectorApi();

  @Override
  public String name() {
    return "relu";
  }

  @Override
  protected float apply(float x) {
    return x > 0f ? x : 0f;
  }

  @Override
  protected float derivative(float x, float y) {
    return x > 0f ? 1f : 0f;
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    float[] x = TensorArrays.data(in.get(0));
    float[] y = ctx.buffers().floats(x.length);
    forward(x, y, VECTOR ? VectorRelu.forward(x, y) : 0);
    return TensorArrays.wrap(in.get(0).shape(), y);
  }

  /** The scalar reference of {@link VectorRelu#forward}: {@code y = x > 0 ? x : 0} from {@code from} on. */
  static void forward(float[] x, float[] y, int from) {
    for (int i = from; i < x.length; i++) {
      y[i] = x[i] > 0f ? x[i] : 0f;
    }
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    float[] x = TensorArrays.data(in.get(0));
    float[] c = TensorArrays.data(ct);
    float[] g = ctx.buffers().floats(x.length);
    vjp(x, c, g, VECTOR ? VectorRelu.vjp(x, c, g) : 0);
    return TensorArrays.wrap(ct.shape(), g);
  }

  /** The scalar reference of {@link VectorRelu#vjp}: {@code g = x > 0 ? c : 0} from {@code from} on. */
  static void vjp(float[] x, float[] c, float[] g, int from) {
    for (int i = from; i < x.length; i++) {
      g[i] = x[i] > 0f ? c[i] : 0f;
    }
  }
}
