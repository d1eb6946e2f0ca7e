package dev.sngrad.nn;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.Var;
import dev.sngrad.autodiff.Vars;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Tensor;
import dev.sngrad.nn.layer.Layer;
import dev.sngrad.nn.layer.Phase;
import dev.sngrad.nn.loss.Loss;

/**
 * A network and its loss: what training and evaluation need. Immutable; parameters are passed in.
 *
 * @param network maps a batch of inputs {@code [B, ...]} to logits {@code [B, C]}
 * @param loss the per-example loss on those logits
 */
public record Model(Layer network, Loss loss) {
  /**
   * The per-example loss of the model, for {@code Grad}, {@code PerExample} and training steps:
   * the network applied in {@code phase}, then the loss.
   *
   * @param phase training (with the seed of this step's dropout masks) or inference
   * @return a function from traced parameters, inputs {@code [B, ...]} and {@code B} labels to the
   *     losses {@code [B]}
   */
  public ExampleLoss exampleLoss(Phase phase) {
    return (params, inputs, labels) -> loss.perExample(network.apply(params, inputs, phase), labels);
  }

  /**
   * Logits for {@code inputs}, computed in inference mode: without dropout and without recording a
   * tape.
   *
   * @param params the model's parameters (not modified)
   * @param inputs a batch {@code [B, ...]} in the shape the network expects (not modified)
   * @return the logits, {@code [B, C]}
   * @throws IllegalArgumentException if a parameter is missing or a shape does not fit the network
   */
  public Tensor logits(Params params, Tensor inputs) {
    return network.apply(Vars.constants(params), Var.constant(inputs), Phase.inference()).value();
  }
}
