/**
 * Dataset loading for sngrad: IDX (MNIST, Fashion-MNIST) and CIFAR-10 binary files, verified
 * downloads, batching and per-example augmentation.
 *
 * <p>Images are kept in memory as unsigned bytes ({@link dev.sngrad.data.Dataset}) and converted to
 * float32 one {@link dev.sngrad.data.Batch} at a time by a {@link dev.sngrad.data.Batcher}, which
 * applies {@link dev.sngrad.data.Normalization} {@code (x/255 - mean) / std} and optional
 * augmentation. Files are found by {@link dev.sngrad.data.DatasetLocator}. This package knows
 * nothing about tensors: it hands out plain arrays.
 */
package dev.sngrad.data;
