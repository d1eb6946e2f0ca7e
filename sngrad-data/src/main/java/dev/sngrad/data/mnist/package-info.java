/**
 * IDX files (MNIST, Fashion-MNIST): a reader that validates magic numbers, dimensions, counts and
 * labels, the two dataset descriptions with official mirrors and checksums, and the Fashion-MNIST
 * subset embedded in the jar.
 */
package dev.sngrad.data.mnist;
