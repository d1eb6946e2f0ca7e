/**
 * The known datasets by name: {@link dev.sngrad.data.registry.DatasetRegistry#builtIn()} lists what
 * the command line, the studies and {@code DataTool} offer, each a {@link
 * dev.sngrad.data.registry.KnownDataset} with its files, loader and the original study's training
 * augmentation.
 */
package dev.sngrad.data.registry;
