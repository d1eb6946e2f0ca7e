package dev.sngrad.nn;

import dev.sngrad.autodiff.ExampleLoss;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.Inference;
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
   * the network applied in {@code phase}, then the loss. The loss overrides {@link
   * ExampleLoss#applyFrom}, so each example's dropout mask depends on its index in the whole batch
   * and not on how {@code PerExample} chunks it.
   *
   * @param phase training (with the seed of this step's dropout masks) or inference
   * @return a function from traced parameters, inputs {@code [B, ...]} and {@code B} labels to the
   *     losses {@code [B]}
   */
  public ExampleLoss exampleLoss(Phase phase) {
    return new PhasedLoss(phase);
  }

  /**
   * The per-example loss of training step {@code step} in a run seeded with {@code runSeed}:
   * {@link #exampleLoss} in {@link Phase#trainingStep}, so every step draws fresh dropout masks
   * and the same run seed draws the same masks again.
   *
   * @param runSeed the run's seed
   * @param step the step's number, from 0
   * @return the loss of that step
   */
  public ExampleLoss trainingLoss(long runSeed, long step) {
    return exampleLoss(Phase.trainingStep(runSeed, step));
  }

  /**
   * The network in one phase, then the loss; a chunk starting at example {@code k} of a batch runs
   * in the phase sliced at {@code k}, so its examples draw as they would in the whole batch.
   */
  private final class PhasedLoss implements ExampleLoss {
    private final Phase phase;

    PhasedLoss(Phase phase) {
      this.phase = phase;
    }

    @Override
    public Var apply(Vars params, Var inputs, int[] labels) {
      return applyFrom(params, inputs, labels, 0);
    }

    @Override
    public Var applyFrom(Vars params, Var inputs, int[] labels, int firstExample) {
      return loss.perExample(network.apply(params, inputs, phase.slice(firstExample)), labels);
    }
  }

  /**
   * Logits for {@code inputs}, computed in inference mode (without dropout and without recording a
   * tape) in {@link ExecutionContext#defaults()}: {@link #logits(Params, Tensor, ExecutionContext)}
   * on the pure-Java kernel and fresh arrays.
   *
   * @param params the model's parameters (not modified)
   * @param inputs a batch {@code [B, ...]} in the shape the network expects (not modified)
   * @return the logits, {@code [B, C]}
   * @throws IllegalArgumentException if a parameter is missing or a shape does not fit the network
   */
  public Tensor logits(Params params, Tensor inputs) {
    return logits(params, inputs, ExecutionContext.defaults());
  }

  /**
   * Logits for {@code inputs}, computed in inference mode (without dropout and without recording a
   * tape) in {@code context}: every matrix product, convolutions included, on its kernel, and the
   * arrays of every value from its buffers. With the same kernel, the logits are the same bits
   * whatever the buffers.
   *
   * @param params the model's parameters (not modified)
   * @param inputs a batch {@code [B, ...]} in the shape the network expects (not modified)
   * @param context the kernel and buffers to run in; with an {@link
   *     dev.sngrad.autodiff.tensor.Arena} as buffers, the logits are valid until it is reset
   * @return the logits, {@code [B, C]}
   * @throws IllegalArgumentException if a parameter is missing or a shape does not fit the network
   */
  public Tensor logits(Params params, Tensor inputs, ExecutionContext context) {
    return logits(Inference.in(context), params, inputs).value();
  }

  /** The logits of {@code inputs} as a value of {@code pass}, for a loss to follow in the same pass. */
  Var logits(Inference pass, Params params, Tensor inputs) {
    return network.apply(pass.constants(params), pass.constant(inputs), Phase.inference());
  }
}
