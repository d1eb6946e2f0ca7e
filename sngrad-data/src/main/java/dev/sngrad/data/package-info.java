/**
 * Dataset loading for sngrad: labelled images in memory and the batches made from them.
 *
 * <p>Images are kept in memory as unsigned bytes ({@link dev.sngrad.data.Dataset}) and converted to
 * float32 one {@link dev.sngrad.data.Batch} at a time by a {@link dev.sngrad.data.Batcher}, which
 * applies {@link dev.sngrad.data.Normalization} {@code (x/255 - mean) / std} and optional
 * augmentation ({@code .augment}). The formats and datasets are in {@code .mnist} (IDX: MNIST,
 * Fashion-MNIST) and {@code .cifar}; finding, downloading and verifying their files is in {@code
 * .fetch}; the datasets known by name are in {@code .registry}. This package knows nothing about
 * tensors: it hands out plain arrays.
 */
package dev.sngrad.data;
