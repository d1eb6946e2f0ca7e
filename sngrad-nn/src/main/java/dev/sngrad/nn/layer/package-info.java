/**
 * Layers whose parameters live outside them: {@link dev.sngrad.nn.layer.Layer#init} draws a layer's
 * parameters from a seeded generator and {@link dev.sngrad.nn.layer.Layer#apply} maps a batch
 * {@code [B, ...]} to {@code [B, ...]} given those parameters and a {@link
 * dev.sngrad.nn.layer.Phase} (training with a seed, or inference). {@link
 * dev.sngrad.nn.layer.Dense}, {@link dev.sngrad.nn.layer.Dropout} and {@link
 * dev.sngrad.nn.layer.Flatten} compose in a {@link dev.sngrad.nn.layer.Sequential}; {@link
 * dev.sngrad.nn.layer.Mlp#of} builds the original study's perceptrons. Images {@code [B, C, H, W]}
 * pass through {@link dev.sngrad.nn.layer.Conv2d}, {@link dev.sngrad.nn.layer.MaxPool2d}, {@link
 * dev.sngrad.nn.layer.AvgPool2d} and {@link dev.sngrad.nn.layer.GlobalAvgPool}, with an {@link
 * dev.sngrad.nn.layer.ActivationLayer} after a convolution; {@code
 * dev.sngrad.nn.spec.ModelSpec.parse("cnn-small")} builds the {@code cnn-small} network. All layers
 * are immutable.
 *
 * <p><b>Normalization.</b> {@link dev.sngrad.nn.layer.GroupNorm} and {@link
 * dev.sngrad.nn.layer.LayerNorm} normalize each example with statistics of that example alone, so
 * every example's loss depends on its own input only and its gradient is well defined. There is
 * no batch normalization layer, on purpose: batch normalization normalizes with the mean and
 * variance of the whole batch, so every example's output, and hence its loss, depends on every
 * other example of the batch. The gradient of "example {@code i}'s loss" then mixes all examples,
 * and the per-example gradients, their mean and variance, and the rules built on them are not
 * defined (Opacus refuses BatchNorm for the same reason and suggests GroupNorm). Its inference
 * mode would also need running statistics, state that a layer with a pure {@code apply} and
 * parameters outside it has no place for. Use {@code
 * GroupNorm} (for images; 1 group normalizes each example over all its axes) or {@code LayerNorm}
 * instead; the per-example transform refuses any op that reduces over the example axis, naming
 * the op.
 */
package dev.sngrad.nn.layer;
