/**
 * One training step that wires a per-example loss, a gradient transform and a minibatch ({@link
 * dev.sngrad.optim.train.TrainStep}), with non-finite detection, and a small epoch loop ({@link
 * dev.sngrad.optim.train.TrainingLoop}).
 */
package dev.sngrad.optim.train;
