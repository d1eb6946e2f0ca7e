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
  /** The per-example loss of the model, for {@code Grad}, {@code PerExample} and training steps. */
  public ExampleLoss exampleLoss(Phase phase) {
    return (params, inputs, labels) -> loss.perExample(network.apply(params, inputs, phase), labels);
  }

  /** Logits for {@code inputs} (not modified), without dropout and without recording a tape. */
  public Tensor logits(Params params, Tensor inputs) {
    return network.apply(Vars.constants(params), Var.constant(inputs), Phase.inference()).value();
  }
}
