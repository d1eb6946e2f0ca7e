/** Learning-rate schedules: pure functions from a step number to a learning rate. */
package dev.sngrad.optim.schedule;
