package dev.sngrad.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Base of the unary elementwise ops {@code y = f(x)}: the output has the input's shape and the VJP
 * is {@code ct * f'(x)}, with {@code f'} given in terms of {@code x} and {@code y} so that ops like
 * {@code exp} and {@code tanh} reuse their output (JAX's {@code defjvp2}).
 */
public abstract class Elementwise implements Primitive {
  /** For subclasses, which hold the op's parameters if it has any. */
  public Elementwise() {}

  /**
   * {@code f(x)}.
   *
   * @param x an input element
   * @return the output element
   */
  protected abstract float apply(float x);

  /**
   * {@code f'(x)}, where {@code y = f(x)}.
   *
   * @param x an input element
   * @param y the output element computed from it
   * @return the derivative at {@code x}
   */
  protected abstract float derivative(float x, float y);

  @Override
  public Shape outputShape(List<Shape> in) {
    checkArgument(in.size() == 1, "%s takes 1 input, got %s", name(), in.size());
    return in.get(0);
  }

  @Override
  public Tensor forward(List<Tensor> in, ExecutionContext ctx) {
    float[] x = TensorArrays.data(in.get(0));
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = apply(x[i]);
    }
    return TensorArrays.wrap(in.get(0).shape(), y);
  }

  @Override
  public Tensor vjp(int index, Tensor ct, List<Tensor> in, Tensor out, ExecutionContext ctx) {
    float[] x = TensorArrays.data(in.get(0));
    float[] y = TensorArrays.data(out);
    float[] c = TensorArrays.data(ct);
    float[] g = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = c[i] * derivative(x[i], y[i]);
    }
    return TensorArrays.wrap(ct.shape(), g);
  }

  @Override
  public PerExampleRule perExampleRule() {
    return PerExampleRule.singleInput();
  }

  @Override
  public String toString() {
    return name();
  }
}
