package dev.sngrad.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One row of an op table (JAX's {@code LAX_GRAD_OPS}): how to call an op, the input shapes and
 * values at which it is differentiable, whether it must refuse the per-example transform, and
 * shapes it must refuse. {@link OpHarness} runs the gradient check, the per-example oracle and the
 * shape check on it.
 *
 * <p>In the per-example check axis 0 of input 0, and of every input of the same shape, indexes
 * examples; every other input is a shared parameter. Immutable; build with {@link #of} and the
 * {@code with...} methods:
 *
 * <pre>{@code
 * OpCase.of("softplus", "softplus", (in, labels) -> Ops.apply(new Softplus(), in.get(0)), Shape.of(3, 4))
 * OpCase.of("matmul", "matmul", (in, labels) -> Ops.matmul(in.get(0), in.get(1)), Shape.of(3, 5), Shape.of(5, 4))
 *     .withBadShapes(Shape.of(3, 5), Shape.of(4, 5))
 * }</pre>
 *
 * @param factory the facade method the case covers (for {@link OpHarness#factoriesWithoutCase})
 * @param opName the op's name, which its shape errors must contain
 * @param function calls the op on the inputs (and the labels, for losses)
 * @param shapes the input shapes; axis 0 of the first is the example axis
 * @param domain where input values are drawn
 * @param mixesExamples true when the per-example transform must refuse the op with an error naming the example axis
 * @param badShapes input shapes the op must refuse, naming itself and every shape; empty when no shape is wrong
 * @param labels the labels handed to {@code function}, one per example of input 0
 * @param relativeTolerance the gradient check's relative tolerance (its absolute one is 1e-3)
 */
public record OpCase(
    String factory,
    String opName,
    OpFunction function,
    List<Shape> shapes,
    InputDomain domain,
    boolean mixesExamples,
    List<Shape> badShapes,
    List<Integer> labels,
    double relativeTolerance) {

  /** An op applied to its inputs: {@code (inputs, labels) -> output}. */
  @FunctionalInterface
  public interface OpFunction {
    /**
     * Applies the op.
     *
     * @param inputs one traced value per input shape of the case
     * @param labels one label per example; ignored by ops that are not losses
     * @return the op's output
     */
    Var apply(List<Var> inputs, int[] labels);
  }

  /**
   * Validates the case and copies the lists.
   *
   * @param factory the facade method the case covers
   * @param opName the op's name in its error messages
   * @param function calls the op
   * @param shapes the input shapes
   * @param domain where input values are drawn
   * @param mixesExamples whether the per-example transform must refuse the op
   * @param badShapes input shapes the op must refuse; empty for none
   * @param labels one label per example of input 0
   * @param relativeTolerance the gradient check's relative tolerance
   * @throws IllegalArgumentException if there is no input, the labels do not match axis 0 of input
   *     0, or the tolerance is not positive
   */
  public OpCase {
    shapes = List.copyOf(shapes);
    badShapes = List.copyOf(badShapes);
    labels = List.copyOf(labels);
    checkArgument(!shapes.isEmpty(), "op case %s: no inputs", factory);
    checkArgument(shapes.get(0).rank() >= 1 && shapes.get(0).dim(0) == labels.size(),
        "op case %s: %s labels for input 0 of shape %s", factory, labels.size(), shapes.get(0));
    checkArgument(relativeTolerance > 0, "op case %s: relative tolerance %s", factory, relativeTolerance);
  }

  /**
   * A case with values drawn from {@link InputDomain#ANY}, no example mixing, no bad shapes,
   * labels {@code 0, 1, 0, ...} and relative tolerance 1e-2 (JAX's float32 gradient tolerance).
   *
   * @param factory the facade method the case covers
   * @param opName the op's name in its error messages
   * @param function calls the op
   * @param shapes the input shapes; axis 0 of the first indexes examples
   * @return the case
   */
  public static OpCase of(String factory, String opName, OpFunction function, Shape... shapes) {
    int examples = shapes.length == 0 || shapes[0].rank() == 0 ? 0 : shapes[0].dim(0);
    List<Integer> labels = IntStream.range(0, examples).map(i -> i % 2).boxed().toList();
    return new OpCase(factory, opName, function, List.of(shapes), InputDomain.ANY, false, List.of(), labels, 1e-2);
  }

  /**
   * The same case drawing values from {@code newDomain}.
   *
   * @param newDomain where input values are drawn
   * @return a new case
   */
  public OpCase withDomain(InputDomain newDomain) {
    return new OpCase(factory, opName, function, shapes, newDomain, mixesExamples, badShapes, labels, relativeTolerance);
  }

  /**
   * The same case, which the per-example transform must refuse (it reduces or transposes over the example axis).
   *
   * @return a new case
   */
  public OpCase mixingExamples() {
    return new OpCase(factory, opName, function, shapes, domain, true, badShapes, labels, relativeTolerance);
  }

  /**
   * The same case with input shapes the op must refuse.
   *
   * @param shapes one shape per input, together invalid
   * @return a new case
   */
  public OpCase withBadShapes(Shape... shapes) {
    return new OpCase(factory, opName, function, this.shapes, domain, mixesExamples, List.of(shapes), labels,
        relativeTolerance);
  }

  /**
   * The same case with these labels, e.g. classes below a loss's number of classes.
   *
   * @param newLabels one label per example of input 0
   * @return a new case
   */
  public OpCase withLabels(int... newLabels) {
    return new OpCase(factory, opName, function, shapes, domain, mixesExamples, badShapes,
        Arrays.stream(newLabels).boxed().toList(), relativeTolerance);
  }

  /**
   * The same case with another gradient-check tolerance.
   *
   * @param tolerance the relative tolerance, e.g. 1e-2
   * @return a new case
   */
  public OpCase withRelativeTolerance(double tolerance) {
    return new OpCase(factory, opName, function, shapes, domain, mixesExamples, badShapes, labels, tolerance);
  }

  /**
   * The labels as an array.
   *
   * @return a new array holding {@link #labels()}
   */
  public int[] labelArray() {
    return labels.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Draws one value per input shape from the case's domain.
   *
   * @param rng the source of randomness, advanced by the draw
   * @return the inputs, in order
   */
  public List<Tensor> draw(SplittableRandom rng) {
    return shapes.stream().map(s -> domain.draw(s, rng)).toList();
  }

  @Override
  public String toString() {
    return factory + shapes;
  }
}
