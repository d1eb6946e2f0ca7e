/**
 * Weight initializers: seeded draws of a {@code [fanIn, fanOut]} matrix (He-normal,
 * Glorot-uniform).
 */
package dev.sngrad.nn.init;
