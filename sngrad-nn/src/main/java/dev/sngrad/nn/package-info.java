/**
 * Neural networks for sngrad: a {@link dev.sngrad.nn.Model} pairs a network ({@code .layer}) with a
 * per-example loss ({@code .loss}), and {@link dev.sngrad.nn.Evaluation} measures its mean loss and
 * accuracy batch by batch. Parameters live outside the layers, in an immutable {@link
 * dev.sngrad.autodiff.tensor.Params} keyed by paths such as {@code dense1/weight}; weight
 * initializers are in {@code .init} and checkpoint files in {@code .checkpoint}. Tensors are
 * float32 and row-major, with the examples of a batch on axis 0.
 */
package dev.sngrad.nn;
