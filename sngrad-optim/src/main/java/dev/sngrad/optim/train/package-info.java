/**
 * One training step that wires a per-example loss, a gradient transform and a minibatch ({@link
 * dev.sngrad.optim.train.TrainStep}), with non-finite detection, and a run of steps in reused
 * buffers ({@link dev.sngrad.optim.train.TrainingSession}).
 */
package dev.sngrad.optim.train;
