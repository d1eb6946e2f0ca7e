/**
 * Seeded per-example image augmentation: flips, rotation and random erasing as in torchvision,
 * composed into an {@link dev.sngrad.data.augment.Augmentation} with presets for the original study
 * ({@link dev.sngrad.data.augment.StudyPreset}).
 */
package dev.sngrad.data.augment;
