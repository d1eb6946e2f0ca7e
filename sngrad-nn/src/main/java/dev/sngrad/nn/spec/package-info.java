/**
 * Networks described as text: {@link dev.sngrad.nn.spec.ModelSpec} reads a preset or a list of
 * layer tokens ({@link dev.sngrad.nn.spec.LayerSpec}), infers shapes and parameter counts, and
 * builds the {@link dev.sngrad.nn.layer.Sequential} network for a dataset's image shape and class
 * count.
 */
package dev.sngrad.nn.spec;
