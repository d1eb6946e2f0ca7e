/**
 * The leaf transforms and {@link dev.sngrad.optim.transform.Transforms#chain}, reached through the
 * static factories of {@link dev.sngrad.optim.transform.Transforms}, and their state records.
 */
package dev.sngrad.optim.transform;
