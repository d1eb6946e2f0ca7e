/**
 * Optimizers as optax-style gradient transforms with explicit, immutable state.
 *
 * <p>A {@link dev.sngrad.optim.GradientTransform} maps incoming updates (at first the gradient) and
 * its state to outgoing updates and a new state; {@link dev.sngrad.optim.transform.Transforms#chain}
 * composes them and {@link dev.sngrad.optim.Optimizers} names the usual chains. {@link
 * dev.sngrad.optim.Updates#apply} adds the final updates to the parameters, and {@link
 * dev.sngrad.optim.OptStates} turns any state into named float32 tensors for a checkpoint and back.
 * An update may also report an {@link dev.sngrad.optim.AuxOutput} (e.g. diagnostics) next to the
 * updates. Transforms that work element by element implement {@link
 * dev.sngrad.optim.ElementwiseTransform}; {@link dev.sngrad.optim.BlockPasses} runs them, and whole
 * training steps, one cache-sized block at a time. Subpackages: {@code .transform} (the leaves and
 * the chain), {@code .snr} (the signal-to-noise rules), {@code .schedule} (learning-rate schedules)
 * and {@code .train} (one training step and a session of them).
 */
package dev.sngrad.optim;
