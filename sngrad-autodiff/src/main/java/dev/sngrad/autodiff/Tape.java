package dev.sngrad.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Verify;
import com.google.common.collect.ImmutableMap;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.op.Moments;
import dev.sngrad.autodiff.op.PerExampleRule;
import dev.sngrad.autodiff.op.Primitive;
import dev.sngrad.autodiff.tensor.BufferSource;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of one differentiated call: leaves (parameters) and every op applied to values that
 * depend on them, in execution order, which is a topological order. A tape is created per call
 * and dropped afterwards; there is no global or thread-local graph.
 *
 * <p>In per-example mode ({@code examples > 0}) values carry a "mapped" flag: axis 0 of a mapped
 * value indexes examples. Ops are checked not to mix examples, and the backward pass gives every
 * parameter one cotangent per example (see {@link PerExampleRule}).
 *
 * <p>Every op runs in the tape's {@link ExecutionContext}; with an {@link
 * dev.sngrad.autodiff.tensor.Arena} as its buffers, every value of the call is valid until the
 * arena's owner resets it. A tape of an {@link Inference} pass has no leaves and so records
 * nothing: it only carries the pass's context. Ops applied to {@link Var#constant}s only run in
 * {@link ExecutionContext#defaults()}.
 */
final class Tape {
  private final ExecutionContext context;
  private final int examples;
  private final List<Node> nodes = new ArrayList<>();

  /** A parameter ({@code op == null}) or an op application. Input index -1 marks a constant. */
  private record Node(String name, Primitive op, int[] inputs, List<Tensor> values, boolean[] mapped, Tensor out, boolean mappedOut) {}

  Tape(ExecutionContext context, int examples) {
    this.context = context;
    this.examples = examples;
  }

  /** Registers the parameters as leaves, in order. */
  Vars leaves(Params params) {
    ImmutableMap.Builder<String, Var> b = ImmutableMap.builder();
    params.asMap().forEach((name, value) -> {
      nodes.add(new Node(name, null, new int[0], List.of(), new boolean[0], value, false));
      b.put(name, new Var(value, this, nodes.size() - 1, false));
    });
    return new Vars(b.buildOrThrow());
  }

  /** Data whose axis 0 indexes the examples of this per-example call; receives no gradient. */
  Var examples(Tensor value) {
    Verify.verify(examples > 0, "examples() outside a per-example call");
    checkArgument(
        value.shape().rank() >= 1 && value.shape().dim(0) == examples,
        "per-example inputs %s must have %s examples on axis 0", value.shape(), examples);
    return new Var(value, this, -1, true);
  }

  private static Tape tapeOf(String op, Var... vars) {
    Tape tape = null;
    for (Var v : vars) {
      if (v.tape() != null) {
        checkArgument(
            tape == null || tape == v.tape(),
            "%s: inputs come from different grad calls or inference passes; values of one cannot be used in another",
            op);
        tape = v.tape();
      }
    }
    return tape;
  }

  /** Applies {@code op} to {@code in}, recording it when any input needs a gradient. */
  static Var apply(Primitive op, Var... in) {
    Tape tape = tapeOf(op.name(), in);
    List<Tensor> values = new ArrayList<>(in.length);
    List<Shape> shapes = new ArrayList<>(in.length);
    boolean[] mapped = new boolean[in.length];
    int[] inputs = new int[in.length];
    boolean anyMapped = false;
    boolean anyTraced = false;
    for (int i = 0; i < in.length; i++) {
      values.add(in[i].value());
      shapes.add(in[i].shape());
      mapped[i] = in[i].isMapped();
      inputs[i] = in[i].node();
      anyMapped |= mapped[i];
      anyTraced |= in[i].requiresGrad();
    }
    Shape outShape = op.outputShape(shapes);
    if (anyMapped) {
      op.checkExampleAxis(shapes, mapped);
    }
    Tensor out = op.forward(values, tape == null ? ExecutionContext.defaults() : tape.context);
    Verify.verify(
        out.shape().equals(outShape), "%s: forward gave %s, outputShape said %s", op.name(), out.shape(), outShape);
    if (!anyTraced) {
      return new Var(out, tape, -1, anyMapped);
    }
    tape.nodes.add(new Node(null, op, inputs, List.copyOf(values), mapped, out, anyMapped));
    return new Var(out, tape, tape.nodes.size() - 1, anyMapped);
  }

  /** Ordinary reverse mode: the gradient of a scalar {@code output} with respect to every leaf. */
  Params gradient(Var output) {
    checkArgument(
        output.shape().size() == 1, "grad: the function must return a scalar, got shape %s", output.shape());
    Tensor[] ct = backward(output, (node, k, ctOut) -> node.op.vjp(k, ctOut, node.values, node.out, context));
    Params.Builder b = Params.builder();
    for (int n = 0; n < nodes.size(); n++) {
      Node node = nodes.get(n);
      if (node.op == null) {
        b.put(node.name, ct[n] != null ? ct[n] : Tensor.zeros(node.out.shape()));
      }
    }
    return b.build();
  }

  /**
   * Per-example reverse mode: for every parameter, the cotangents of the {@code examples}
   * per-example losses in {@code output} (shape {@code [examples]}). With {@code fuseMoments},
   * parameters used by exactly one op whose rule has a moments shortcut get {@link Moments}
   * instead of materialized gradients.
   *
   * <p>Cotangents of mapped nodes are ordinary {@code [B, ...]} tensors (row {@code i} only
   * affects loss {@code i}); unmapped nodes (parameters and functions of parameters only) hold
   * one cotangent per example, {@code [B, ...shape]}.
   */
  PerExampleCotangents perExample(Var output, boolean fuseMoments) {
    checkArgument(
        output.isMapped() && output.shape().equals(Shape.of(examples)),
        "per-example loss must have shape [%s] (one loss per example), got %s", examples, output.shape());
    int[] uses = countUses();
    Map<String, Moments> moments = new LinkedHashMap<>();
    Tensor[] ct = backward(output, (node, k, ctOut) -> {
      if (!node.mappedOut) {
        return perExampleThroughUnmapped(node, k, ctOut);
      }
      if (node.mapped[k]) {
        return node.op.vjp(k, ctOut, node.values, node.out, context);
      }
      PerExampleRule rule = node.op.perExampleRule();
      Node leaf = nodes.get(node.inputs[k]);
      if (fuseMoments && leaf.op == null && uses[node.inputs[k]] == 1) {
        var fused = rule.moments(node.op, k, ctOut, node.values, node.mapped, context);
        if (fused.isPresent()) {
          moments.put(leaf.name, fused.get());
          return null;
        }
      }
      return rule.perExampleVjp(node.op, k, ctOut, node.values, node.mapped, node.out, context);
    });
    Map<String, Tensor> perExample = new LinkedHashMap<>();
    for (int n = 0; n < nodes.size(); n++) {
      Node node = nodes.get(n);
      if (node.op == null && !moments.containsKey(node.name)) {
        perExample.put(node.name, ct[n] != null ? ct[n] : Tensor.zeros(node.out.shape().prepend(examples)));
      }
    }
    return new PerExampleCotangents(perExample, moments);
  }

  /** The cotangent that op node {@code node} sends to its input {@code k}, or null for none. */
  @FunctionalInterface
  private interface Contribution {
    Tensor of(Node node, int k, Tensor ctOut);
  }

  /**
   * Runs the tape backwards from {@code output} (seeded with ones), summing the contributions of
   * every consumer into each node's cotangent; returns the cotangents of the leaves (others are
   * released as soon as they have been propagated).
   */
  private Tensor[] backward(Var output, Contribution contribution) {
    Tensor[] ct = new Tensor[nodes.size()];
    if (output.requiresGrad()) {
      ct[output.node()] = Tensor.full(output.shape(), 1f);
    }
    for (int n = nodes.size() - 1; n >= 0; n--) {
      Node node = nodes.get(n);
      if (ct[n] == null || node.op == null) {
        continue;
      }
      for (int k = 0; k < node.inputs.length; k++) {
        int src = node.inputs[k];
        if (src >= 0) {
          Tensor c = contribution.of(node, k, ct[n]);
          if (c != null) {
            ct[src] = accumulate(ct[src], c, context.buffers());
          }
        }
      }
      ct[n] = null;
    }
    return ct;
  }

  /** Per-example gradients and fused moments of the parameters, by name. */
  record PerExampleCotangents(Map<String, Tensor> perExample, Map<String, Moments> moments) {}

  /**
   * An op on parameters only (say, a transposed weight) that receives per-example cotangents
   * {@code [B, ...out]}: its VJP is applied to each example's slice.
   */
  private Tensor perExampleThroughUnmapped(Node node, int k, Tensor ct) {
    List<Tensor> parts = new ArrayList<>(examples);
    for (int i = 0; i < examples; i++) {
      parts.add(node.op.vjp(k, ct.row(i), node.values, node.out, context));
    }
    return Tensor.stack(parts);
  }

  private int[] countUses() {
    int[] uses = new int[nodes.size()];
    for (Node node : nodes) {
      for (int src : node.inputs) {
        if (src >= 0) {
          uses[src]++;
        }
      }
    }
    return uses;
  }

  private static Tensor accumulate(Tensor sum, Tensor add, BufferSource buffers) {
    if (sum == null) {
      return add;
    }
    Verify.verify(sum.shape().equals(add.shape()), "cotangent shapes differ: %s and %s", sum.shape(), add.shape());
    float[] x = TensorArrays.data(sum);
    float[] y = TensorArrays.data(add);
    float[] r = buffers.floats(x.length);
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] + y[i];
    }
    return TensorArrays.wrap(sum.shape(), r);
  }
}
