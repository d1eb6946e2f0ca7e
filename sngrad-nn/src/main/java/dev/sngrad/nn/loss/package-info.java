/**
 * Classification losses per example: logits {@code [N, C]} and {@code N} integer labels give
 * {@code [N]} losses, the form that per-example gradients need.
 */
package dev.sngrad.nn.loss;
