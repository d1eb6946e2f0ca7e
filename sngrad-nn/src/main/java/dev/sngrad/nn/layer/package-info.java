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
 * dev.sngrad.nn.layer.ActivationLayer} after a convolution; {@link dev.sngrad.nn.layer.Cnn#small}
 * builds the {@code cnn-small} network. All layers are immutable.
 */
package dev.sngrad.nn.layer;
