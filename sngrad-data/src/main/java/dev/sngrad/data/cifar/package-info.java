/**
 * CIFAR-10, binary version: a reader that validates record sizes and labels, and the dataset
 * description with the official archive and checksums.
 */
package dev.sngrad.data.cifar;
