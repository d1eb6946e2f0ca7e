package dev.sngrad.autodiff.op;

import dev.sngrad.autodiff.tensor.Tensor;

/**
 * Sums over the examples of one batch of per-example gradients {@code g_i}: {@code sum = sum_i
 * g_i} and {@code sumOfSquares = sum_i g_i * g_i} (elementwise), both with the parameter's shape.
 *
 * @param count the number of examples {@code B} summed over
 * @param sum {@code sum_i g_i}, with the parameter's shape
 * @param sumOfSquares {@code sum_i g_i * g_i}, with the parameter's shape
 */
public record Moments(int count, Tensor sum, Tensor sumOfSquares) {}
