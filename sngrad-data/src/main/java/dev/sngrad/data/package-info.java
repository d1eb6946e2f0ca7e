/** Dataset loading for sngrad: IDX (MNIST, Fashion-MNIST) and CIFAR-10 binary files. */
package dev.sngrad.data;
