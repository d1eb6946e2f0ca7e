/**
 * Seeded per-example image augmentation: flips, rotation and random erasing as in torchvision,
 * composed into an {@link dev.sngrad.data.augment.Augmentation}. The original study's augmentation
 * of each dataset is {@link dev.sngrad.data.registry.KnownDataset#studyAugmentation()}.
 */
package dev.sngrad.data.augment;
